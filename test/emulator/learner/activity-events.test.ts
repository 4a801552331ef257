import type { LearnerEvent } from '../../../shared/learner/events';
import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { buildPathway, type Tree } from '../../helpers/catalog';
import { db } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';

/**
 * What a learner does through the progress API reaches their event stream as learner activity
 * (viewed, started, progressed), staged in the commit of the write that did it and delivered
 * through the outbox and learner-events: the learner model and analytics read these.
 */
let instructor: TestUser;
let tree: Tree;

async function stream(uid: string): Promise<LearnerEvent[]> {
  const snap = await db().collection('users').doc(uid).collection('events').orderBy('id').get();
  return snap.docs.map((d) => {
    const { stored_at: _stored, ...event } = d.data();
    return event as LearnerEvent;
  });
}

const activityKinds = new Set(['viewed', 'started', 'progressed']);
const activity = (events: LearnerEvent[]) => events.filter((e) => activityKinds.has(e.kind));

beforeAll(async () => {
  instructor = await createUser('instructor');
  tree = await buildPathway(
    instructor.token,
    [{ resources: [{ type: 'video' }, { type: 'article' }] }],
    { publish: true },
  );
});

describe('learner activity from the progress API', () => {
  let learner: TestUser;
  beforeAll(async () => {
    learner = await createUser('learner');
  });

  it('stores one event per thing each write did, with what changed', async () => {
    const client = api(learner.token);
    const [m1] = tree.modules as [Tree['modules'][0]];
    const [video, article] = m1.resources as [string, string];
    const r = (id: string) => `/api/v1/users/me/resources/${id}`;
    expect((await client.post(`/api/v1/pathways/${tree.pathwayId}/enroll`)).status).toBeLessThan(
      300,
    );
    expect((await client.post(`${r(video)}/view`)).status).toBe(200);
    const first = await client.put(`${r(video)}/progress`, {
      progress_percentage: 20,
      time_spent_minutes: 2,
      last_position_seconds: 120,
      watch_time_seconds: 120,
    });
    expect(first.status).toBe(200);
    // The learner jumps back to an earlier point: a rewind the learner model counts.
    const second = await client.put(`${r(video)}/progress`, {
      progress_percentage: 25,
      time_spent_minutes: 5,
      last_position_seconds: 30,
      watch_time_seconds: 300,
    });
    expect(second.status).toBe(200);
    expect((await client.post(`${r(article)}/complete`)).status).toBe(200);

    const where = (resource: string) => ({
      pathway_id: tree.pathwayId,
      module_id: m1.id,
      resource_id: resource,
    });
    const events = await waitFor(
      () => stream(learner.uid),
      (list) => activity(list).length >= 6 && list.some((e) => e.kind === 'completed'),
      30_000,
    );
    const seen = activity(events).map((e) => ({ kind: e.kind, data: e.data }));
    expect(seen).toHaveLength(6);
    expect(seen).toEqual(
      expect.arrayContaining([
        // The first view starts the video.
        { kind: 'viewed', data: where(video) },
        { kind: 'started', data: where(video) },
        {
          kind: 'progressed',
          data: {
            ...where(video),
            progress_percentage: 20,
            time_spent_minutes: 2,
            time_added_minutes: 2,
            position_seconds: 120,
            previous_position_seconds: null,
            watch_time_seconds: 120,
          },
        },
        {
          kind: 'progressed',
          data: {
            ...where(video),
            progress_percentage: 25,
            time_spent_minutes: 5,
            time_added_minutes: 3,
            position_seconds: 30,
            previous_position_seconds: 120,
            watch_time_seconds: 300,
          },
        },
        { kind: 'started', data: where(article) },
        {
          kind: 'progressed',
          data: expect.objectContaining({ ...where(article), progress_percentage: 100 }),
        },
      ]),
    );
    // Each came from its write's commit: the source names the enrollment revision.
    for (const e of activity(events)) {
      expect(e.source).toEqual({
        type: 'progress_event',
        id: expect.stringMatching(new RegExp(`^${learner.uid}_${tree.pathwayId}:[^:]+:\\d+$`)),
      });
    }
    // The completion itself arrives as before, from progress-events.
    expect(
      events.filter((e) => e.kind === 'completed' && e.data.scope === 'resource'),
    ).toHaveLength(1);
  });

  it('records no learner activity for a reset, only the reset', async () => {
    const client = api(learner.token);
    const [m1] = tree.modules as [Tree['modules'][0]];
    const before = activity(await stream(learner.uid)).length;
    const reset = await client.delete(`/api/v1/users/me/enrollments/${tree.pathwayId}/progress`);
    expect(reset.status).toBe(200);
    // A view after the reset (which starts the article again): once it is in the stream,
    // anything the reset staged is too.
    expect((await client.post(`/api/v1/users/me/resources/${m1.resources[1]}/view`)).status).toBe(
      200,
    );
    const events = await waitFor(
      () => stream(learner.uid),
      (list) =>
        list.some((e) => e.kind === 'progress_reset') && activity(list).length >= before + 2,
      30_000,
    );
    expect(
      activity(events)
        .slice(before)
        .map((e) => e.kind),
    ).toEqual(['started', 'viewed']);
  });
});
