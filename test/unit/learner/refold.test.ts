import { PathReplanEventSchema } from '../../../shared/events';
import { learnerEvent, type LearnerEvent } from '../../../shared/learner/events';
import type { ProfileDoc } from '../../../shared/learner/model';
import type { StoredRecommendation } from '../../../shared/learner/model-state';
import type { ModelTransaction, ModelWrite } from '../../../shared/learner/profile-repository';
import type { CatalogOutline } from '../../../shared/learner/recommendations';
import { LearnerModelRefold, type RefoldStore } from '../../../shared/learner/refold';
import type { OutboxEvent } from '../../../shared/platform/outbox';
import { Topics } from '../../../shared/triggers';

const U = 'learner-1';
const P = 'async-course';

/** One module of four: two lessons, a quiz on `async_programming`, a project. */
const outline: CatalogOutline = {
  pathway_id: P,
  title: 'Async course',
  difficulty: 'beginner',
  modules: [
    {
      module_id: 'm1',
      title: 'Basics',
      resources: [
        {
          resource_id: 'lesson-1',
          title: 'Event loops',
          type: 'video',
          estimated_minutes: 20,
          skills: ['async_programming'],
          prerequisites: [],
        },
        {
          resource_id: 'lesson-2',
          title: 'Futures',
          type: 'article',
          estimated_minutes: 10,
          skills: ['async_programming'],
          prerequisites: [],
        },
        {
          resource_id: 'quiz-1',
          title: 'Async check',
          type: 'quiz',
          estimated_minutes: 10,
          skills: ['async_programming'],
          prerequisites: [],
        },
        {
          resource_id: 'project-1',
          title: 'Crawler',
          type: 'project',
          estimated_minutes: 60,
          skills: ['async_programming'],
          prerequisites: [{ kind: 'skill', skill_id: 'async_programming', min_level: 4 }],
        },
      ],
    },
  ],
};

/** The repository's contract over memory: a stored stream, a profile and recommendation documents. */
class MemoryStore implements RefoldStore {
  events: LearnerEvent[] = [];
  profile: ProfileDoc | undefined;
  recommendations = new Map<string, StoredRecommendation>();
  erasing = false;
  /** What the committed refolds staged through the outbox. */
  staged: OutboxEvent[] = [];
  store(events: readonly LearnerEvent[]): string[] {
    const ids = new Set(this.events.map((e) => e.id));
    const fresh = events.filter((e) => !ids.has(e.id));
    this.events = [...this.events, ...fresh].sort((a, b) => (a.id < b.id ? -1 : 1));
    return events.map((e) => e.id);
  }
  /** Refold transactions run. */
  refolds = 0;
  async refold<T>(_userId: string, work: (tx: ModelTransaction) => Promise<T>): Promise<T> {
    this.refolds += 1;
    let written: ModelWrite | undefined;
    const staging: OutboxEvent[] = [];
    const result = await work({
      profile: async () => structuredClone(this.profile),
      eventsAfter: async (after) => this.events.filter((e) => after === null || e.id > after),
      recommendationIds: async () => [...this.recommendations.keys()],
      erased: async () => this.erasing,
      save: (write) => {
        written = structuredClone(write);
      },
      stage: (events) => staging.push(...structuredClone(events)),
    });
    this.staged.push(...staging);
    if (written) {
      this.profile = {
        user_id: U,
        model: written.model,
        model_updated_at: written.updated_at,
        folded_ids: written.folded_ids,
      };
      for (const id of written.deleted_recommendations) this.recommendations.delete(id);
      for (const rec of written.recommendations) this.recommendations.set(rec.id, rec);
    }
    return result;
  }
}

const catalog = { outlines: async (ids: readonly string[]) => (ids.includes(P) ? [outline] : []) };

let n = 0;
const minute = (m: number) => new Date(Date.UTC(2026, 1, 1, 9, m)).toISOString();
const where = (resource_id: string) => ({ pathway_id: P, module_id: 'm1', resource_id });
function event<K extends LearnerEvent['kind']>(
  kind: K,
  m: number,
  data: Parameters<typeof learnerEvent<K>>[0]['data'],
): LearnerEvent {
  n += 1;
  return learnerEvent({
    user_id: U,
    kind,
    occurred_at: minute(m),
    source: { type: 'progress_event', id: `src-${n}` },
    data,
  });
}
const answers = (rights: boolean[]) =>
  rights.map((correct, i) => ({
    question_id: `q${i + 1}`,
    correct,
    skills: ['async_programming'],
    difficulty: 3 + i,
    guessing: 0.25,
  }));
function quiz(m: number, rights: boolean[]) {
  const score = rights.filter(Boolean).length;
  const percentage = (score / rights.length) * 100;
  return event('quiz_attempted', m, {
    ...where('quiz-1'),
    attempt_number: m,
    score,
    max_score: rights.length,
    percentage,
    passing_score: 70,
    passed: percentage >= 70,
    responses: answers(rights),
    skills: ['async_programming'],
  });
}

/** A learner's morning: a goal, lessons, a failed quiz, a rewinding video, a pass, the project. */
function stream(): LearnerEvent[] {
  n = 0;
  return [
    event('goal_set', 0, {
      goal_id: 'g1',
      title: 'Async',
      targets: [{ skill_id: 'async_programming', target_level: 7 }],
      deadline: null,
      status: 'active',
    }),
    event('started', 1, where('lesson-1')),
    event('completed', 2, { scope: 'resource', ...where('lesson-1') }),
    event('started', 3, where('lesson-2')),
    event('completed', 4, { scope: 'resource', ...where('lesson-2') }),
    quiz(5, [true, false, false, false]),
    quiz(6, [true, true, false, false]),
    ...[7, 8, 9].map((m) =>
      event('progressed', m, {
        ...where('lesson-1'),
        progress_percentage: 100,
        time_spent_minutes: 20 + m,
        time_added_minutes: 1,
        position_seconds: 10,
        previous_position_seconds: 300,
        watch_time_seconds: 600,
      }),
    ),
    quiz(10, [true, true, true, true]),
    event('completed', 11, { scope: 'resource', ...where('quiz-1') }),
    event('started', 12, where('project-1')),
    event('completed', 13, { scope: 'resource', ...where('project-1') }),
  ];
}

describe('refolding the learner model from the stream', () => {
  it('replaying the whole stream from scratch reproduces every stored level and recommendation', async () => {
    const events = stream();
    const live = new MemoryStore();
    const refold = new LearnerModelRefold(live, catalog);
    // Delivered as it happens: in batches of one to three events.
    for (let i = 0; i < events.length;) {
      const batch = events.slice(i, i + 1 + (i % 3));
      await refold.refresh(U, live.store(batch));
      i += batch.length;
    }
    const replayed = new MemoryStore();
    replayed.store(events);
    const result = await new LearnerModelRefold(replayed, catalog).replay(U);
    expect(result).toMatchObject({ folded: events.length, replayed: true });
    expect(replayed.profile).toEqual(live.profile);
    expect(replayed.recommendations).toEqual(live.recommendations);
    expect(live.profile?.model?.estimates.async_programming?.answers).toBe(12);
    expect(live.recommendations.size).toBeGreaterThanOrEqual(3);
  });

  it('follows each recommendation through its lifecycle, with its evidence', async () => {
    const events = stream();
    const store = new MemoryStore();
    await new LearnerModelRefold(store, catalog).refresh(U, store.store(events));
    const recs = [...store.recommendations.values()];
    const revisions = recs.filter((r) => r.reason_code === 'revision');
    // Each failed attempt was the latest evidence in turn; the pass completed the last revision.
    expect(revisions.map((r) => [r.reason, r.status])).toEqual(
      expect.arrayContaining([
        ['Review async_programming - recent quiz score: 25%', 'superseded'],
        ['Review async_programming - recent quiz score: 50%', 'completed'],
      ]),
    );
    const last = revisions.find((r) => r.status === 'completed') as StoredRecommendation;
    expect(last.evidence.scores).toEqual([25, 50]);
    expect(last.acted_at).toBe(minute(10));
    const next = recs.filter((r) => r.reason_code === 'next_in_sequence');
    // One recommendation per lesson: starting it moves its evidence on, finishing completes it.
    const lesson2 = next.filter((r) => r.target.id === 'lesson-2');
    expect(lesson2.map((r) => r.status)).toEqual(['completed']);
    expect(lesson2[0]?.evidence.event_ids).toEqual([events[3]?.id]);
    expect(lesson2[0]?.acted_at).toBe(minute(4));
    expect(
      recs.some(
        (r) => r.reason_code === 'struggling' && /Rewound Event loops 3 times/.test(r.reason),
      ),
    ).toBe(true);
    // Rewinds stay in the record, so the struggle recommendation is still open.
    const open = Object.values(store.profile?.model?.open_recommendations ?? {});
    expect(open.map((r) => [r.reason_code, r.status])).toEqual([['struggling', 'active']]);
  });

  it('folds a redelivered batch once and replays when an event arrives late', async () => {
    const events = stream();
    const inOrder = new MemoryStore();
    await new LearnerModelRefold(inOrder, catalog).refresh(U, inOrder.store(events));

    const late = new MemoryStore();
    const refold = new LearnerModelRefold(late, catalog);
    const held = events[5] as LearnerEvent; // the first quiz attempt, delayed
    await refold.refresh(U, late.store(events.filter((e) => e !== held)));
    // The last event again, or an earlier folded one again: nothing to fold, and no replay, since
    // the profile keeps the ids it folded.
    const again = await refold.refresh(U, late.store(events.slice(-1)));
    expect(again).toMatchObject({ folded: 0, replayed: false, level_changes: [] });
    const before = structuredClone(late.profile);
    const earlier = await refold.refresh(U, late.store(events.slice(-3, -2)));
    expect(earlier).toMatchObject({ folded: 0, replayed: false });
    expect(late.profile).toEqual(before);
    // A profile written before folded ids were kept cannot tell: an earlier event replays, to the
    // same state.
    delete late.profile?.folded_ids;
    const unknown = await refold.refresh(U, late.store(events.slice(-3, -2)));
    expect(unknown.replayed).toBe(true);
    expect(late.profile).toEqual(before);
    const arrived = await refold.refresh(U, late.store([held]));
    expect(arrived.replayed).toBe(true);
    expect(late.profile?.model).toEqual(inOrder.profile?.model);
    // Documents the out-of-order fold wrote and the replay does not produce are gone.
    expect(late.recommendations).toEqual(inOrder.recommendations);
  });

  it("shares refolds between one learner's concurrent deliveries, and folds what each stored", async () => {
    const events = stream();
    const store = new MemoryStore();
    const refold = new LearnerModelRefold(store, catalog);
    // Every delivery stores its event, then asks for a refold, all at once.
    const results = await Promise.all(events.map((e) => refold.refresh(U, store.store([e]))));
    // The first runs at once; every later one joins the single run queued after it.
    expect(store.refolds).toBe(2);
    expect(results.every((r) => !r.replayed)).toBe(true);
    const inOrder = new MemoryStore();
    await new LearnerModelRefold(inOrder, catalog).refresh(U, inOrder.store(events));
    expect(store.profile).toEqual(inOrder.profile);
    expect(store.recommendations).toEqual(inOrder.recommendations);
  });

  it('reports the level bands a refold moved, and none for a redelivery', async () => {
    const store = new MemoryStore();
    const refold = new LearnerModelRefold(store, catalog);
    const first = await refold.refresh(U, store.store([quiz(1, [true, true, true, true])]));
    expect(first.level_changes).toEqual([
      { skill_id: 'async_programming', from: null, to: expect.any(Number) },
    ]);
    expect(first.last_event_id).toBe(store.events[0]?.id);
    const again = await refold.refresh(U, store.store(store.events.slice(0, 1)));
    expect(again.level_changes).toEqual([]);
    const failed = await refold.refresh(U, store.store([quiz(2, [false, false, false, false])]));
    const [change] = failed.level_changes;
    expect(change?.skill_id).toBe('async_programming');
    expect(change?.to).toBeLessThan(change?.from as number);
  });

  it('stages the replan of each moved band in the refold’s own commit, and none for a redelivery', async () => {
    const store = new MemoryStore();
    const refold = new LearnerModelRefold(store, catalog);
    const first = await refold.refresh(U, store.store([quiz(1, [true, true, true, true])]));
    await refold.refresh(U, store.store(store.events.slice(0, 1)));
    const failed = await refold.refresh(U, store.store([quiz(2, [false, false, false, false])]));
    const replans = store.staged.map((e) => ({
      topic: e.topic,
      data: PathReplanEventSchema.parse(e.data),
    }));
    expect(replans).toEqual(
      [first, failed].map((result) => ({
        topic: Topics.pathReplans,
        data: {
          type: 'path_replan',
          event_id: `path-replan:${U}:${result.last_event_id}`,
          user_id: U,
          learner_event_id: result.last_event_id,
          changes: result.level_changes,
        },
      })),
    );
    expect(store.staged.map((e) => e.id)).toEqual(replans.map((r) => r.data.event_id));
  });

  it('stages nothing when no band moved', async () => {
    const store = new MemoryStore();
    const refold = new LearnerModelRefold(store, catalog);
    const result = await refold.refresh(U, store.store([event('started', 1, where('lesson-1'))]));
    expect(result.level_changes).toEqual([]);
    expect(store.staged).toEqual([]);
  });

  it('derives nothing more about an account being erased', async () => {
    const store = new MemoryStore();
    store.erasing = true;
    const result = await new LearnerModelRefold(store, catalog).refresh(U, store.store(stream()));
    expect(result).toMatchObject({ folded: 0, replayed: false, level_changes: [] });
    expect(store.profile).toBeUndefined();
    expect(store.recommendations.size).toBe(0);
  });
});
