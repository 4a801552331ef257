import { Timestamp } from 'firebase-admin/firestore';
import type { Outline, PathwayDoc } from '../../../shared/catalog/model';
import { parseLearnerEvent } from '../../../shared/learner/events';
import {
  activityEvents,
  fromProgressEvent,
  quizAttemptEvent,
} from '../../../shared/learner/from-progress';
import type { EnrollmentDoc, ResourceState } from '../../../shared/progress/model';
import { progressChanges, rollup } from '../../../shared/progress/rollup';
import { changeEvent } from '../../../shared/progress/events';
import { applyAction } from '../../../shared/progress/transitions';

const t = (minutes: number) => Timestamp.fromMillis(Date.UTC(2026, 0, 1) + minutes * 60_000);
const outline: Outline = {
  modules: [
    {
      module_id: 'm1',
      title: 'Basics',
      required_count: null,
      resources: [
        {
          resource_id: 'v1',
          type: 'video',
          title: 'Intro',
          required: true,
          duration_minutes: 10,
          requires_upload: false,
        },
      ],
    },
  ],
};
const pathway: PathwayDoc = {
  title: 'Python',
  description: null,
  difficulty: 'beginner',
  status: 'published',
  owner_uid: 'teacher',
  outline,
  outline_version: 1,
  created_at: t(0),
  updated_at: t(0),
  published_at: t(0),
  archived_at: null,
};

function enrollment(resources: Record<string, ResourceState>, revision: number): EnrollmentDoc {
  const roll = rollup({ outline, outlineVersion: 1, resources, previous: null, now: t(0) });
  return {
    user_id: 'u1',
    pathway_id: 'py',
    enrolled_at: t(0),
    started_at: null,
    last_accessed_at: null,
    outline_version: 1,
    revision,
    resources,
    modules: roll.modules,
    pathway: roll.pathway,
    resume: roll.resume,
    resets: [],
    updated_at: t(0),
  };
}

/** What ProgressService.transact publishes when the only video is completed. */
function publishedCompletion() {
  const video = outline.modules[0]!.resources[0]!;
  const before = enrollment({}, 0);
  const state = applyAction(video, undefined, { kind: 'complete' }, t(5));
  const after = enrollment({ v1: state }, 1);
  return progressChanges(before, after).map(
    (change) => changeEvent(change, after, pathway, 'req-1', t(5)).data,
  );
}

describe('fromProgressEvent', () => {
  it('maps what progress publishes today: resource, module and pathway completion', () => {
    const published = publishedCompletion();
    expect(published.map((e) => e.type)).toEqual([
      'resource_completed',
      'module_completed',
      'pathway_completed',
    ]);
    const events = published.flatMap((e) => fromProgressEvent(e).events);
    expect(events.map((e) => [e.kind, (e.data as { scope: string }).scope])).toEqual([
      ['completed', 'resource'],
      ['completed', 'module'],
      ['completed', 'pathway'],
    ]);
    expect(events[0]).toMatchObject({
      user_id: 'u1',
      occurred_at: t(5).toDate().toISOString(),
      source: { type: 'progress_event', id: published[0]!.event_id },
      data: { pathway_id: 'py', module_id: 'm1', resource_id: 'v1' },
    });
    for (const event of events) expect(parseLearnerEvent(event)).toEqual(event);
  });

  it('is idempotent by id: a redelivered message maps to the same events', () => {
    const [message] = publishedCompletion();
    const first = fromProgressEvent(message);
    const again = fromProgressEvent(JSON.parse(JSON.stringify(message)));
    expect(again).toEqual(first);
  });

  it('maps submissions, reopenings and resets', () => {
    const base = {
      event_id: 'e1',
      user_id: 'u1',
      pathway_id: 'py',
      module_id: 'm1',
      resource_id: 'p1',
      outline_version: 1,
      request_id: 'r',
      event_time: '2026-01-02T00:00:00.000Z',
    };
    const submitted = fromProgressEvent({
      ...base,
      type: 'resource_submitted',
      old: { status: 'in_progress' },
      new: { status: 'submitted' },
    });
    expect(submitted.events.map((e) => e.kind)).toEqual(['submitted']);
    const reopened = fromProgressEvent({
      ...base,
      event_id: 'e2',
      type: 'resource_reopened',
      old: { status: 'submitted' },
      new: { status: 'in_progress' },
    });
    expect(reopened.events[0]).toMatchObject({
      kind: 'reopened',
      data: { previous_status: 'submitted' },
    });
    const reset = fromProgressEvent({
      ...base,
      event_id: 'e3',
      type: 'progress_reset',
      module_id: null,
      resource_id: null,
      old: {},
      new: {},
    });
    expect(reset.events[0]).toMatchObject({ kind: 'progress_reset', data: { pathway_id: 'py' } });
  });

  it('says why it ignores a message instead of throwing', () => {
    expect(fromProgressEvent({ type: 'resource_completed' }).ignored).toMatch(
      /Not a progress event/,
    );
    expect(
      fromProgressEvent({
        type: 'certificate_issued',
        event_id: 'c',
        user_id: 'u',
        pathway_id: 'p',
        module_id: null,
        resource_id: null,
        old: {},
        new: {},
        outline_version: 1,
        request_id: 'r',
        event_time: '2026-01-02T00:00:00Z',
      }).ignored,
    ).toMatch(/certificate_issued carries nothing/);
  });
});

describe('activityEvents', () => {
  const video = outline.modules[0]!.resources[0]!;
  const ctx = (revision: number, minutes: number) => ({
    enrollment: { user_id: 'u1', pathway_id: 'py', revision },
    module_id: 'm1',
    resource_id: 'v1',
    at: t(minutes).toDate().toISOString(),
  });

  it('reports a first view as viewed and started', () => {
    const after = applyAction(video, undefined, { kind: 'view' }, t(1));
    expect(activityEvents(undefined, after, ctx(1, 1)).map((e) => e.kind)).toEqual([
      'viewed',
      'started',
    ]);
  });

  it('reports playback going backwards with both positions and the time added', () => {
    const first = applyAction(
      video,
      undefined,
      {
        kind: 'progress',
        last_position_seconds: 400,
        watch_time_seconds: 400,
        time_spent_minutes: 7,
      },
      t(1),
    );
    const second = applyAction(
      video,
      first,
      {
        kind: 'progress',
        last_position_seconds: 120,
        watch_time_seconds: 520,
        time_spent_minutes: 9,
      },
      t(2),
    );
    const [progressed] = activityEvents(first, second, ctx(2, 2));
    expect(progressed).toMatchObject({
      kind: 'progressed',
      data: {
        position_seconds: 120,
        previous_position_seconds: 400,
        time_spent_minutes: 9,
        time_added_minutes: 2,
      },
    });
  });

  it('reports nothing when nothing the learner model reads changed', () => {
    const state = applyAction(video, undefined, { kind: 'start' }, t(1));
    expect(activityEvents(state, { ...state, notes: 'later' }, ctx(2, 2))).toEqual([]);
  });
});

describe('quizAttemptEvent', () => {
  it('carries each question with its skills, difficulty and chance of a lucky guess', () => {
    const event = quizAttemptEvent({
      user_id: 'u1',
      pathway_id: 'py',
      module_id: 'm1',
      resource_id: 'q1',
      pathway_difficulty: 'intermediate',
      resource_skills: [{ skill_id: 'python', level: 4 }],
      attempt_number: 2,
      score: 1,
      max_score: 3,
      percentage: 33.3,
      passing_score: 70,
      results: [
        { question_id: 'a', correct: true },
        { question_id: 'b', correct: false },
        { question_id: 'c', correct: false },
      ],
      questions: {
        a: { skills: ['async_programming'], difficulty: 6, options: 4, correct_count: 1 },
        b: { options: 4, correct_count: 2 },
      },
      at: '2026-01-03T00:00:00Z',
    });
    expect(event.kind).toBe('quiz_attempted');
    if (event.kind !== 'quiz_attempted') return;
    expect(event.data.passed).toBe(false);
    expect(event.data.responses).toEqual([
      {
        question_id: 'a',
        correct: true,
        skills: ['async_programming'],
        difficulty: 6,
        guessing: 0.25,
      },
      // Untagged: the resource's skills at the intermediate default difficulty.
      { question_id: 'b', correct: false, skills: ['python'], difficulty: 5, guessing: 1 / 15 },
    ]);
    expect(event.source.id).toBe('u1_py/q1-2');
  });
});
