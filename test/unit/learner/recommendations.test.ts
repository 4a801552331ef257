import { learnerEvent, type LearnerEvent } from '../../../shared/learner/events';
import { adjustDifficulty } from '../../../shared/learner/difficulty';
import {
  recommend,
  recommendNextLesson,
  type CatalogOutline,
} from '../../../shared/learner/recommendations';
import { emptySignals, foldSignals, foldStream } from '../../../shared/learner/signals';
import { detectStrugglingLearner } from '../../../shared/learner/struggle';

const U = 'learner-1';
const P = 'python-backend';
let n = 0;
const at = (day: number, minute = 0) =>
  new Date(Date.UTC(2026, 1, 1 + day, 9, minute)).toISOString();
const where = (resource_id: string, module_id = 'm1') => ({
  pathway_id: P,
  module_id,
  resource_id,
});

function quiz(resource_id: string, percentage: number, when: string, skills = ['python']) {
  n += 1;
  return learnerEvent({
    user_id: U,
    kind: 'quiz_attempted',
    occurred_at: when,
    source: { type: 'quiz_attempt', id: `q${n}` },
    data: {
      ...where(resource_id, 'm2'),
      attempt_number: n,
      score: percentage,
      max_score: 100,
      percentage,
      passing_score: 70,
      passed: percentage >= 70,
      responses: [],
      skills,
    },
  });
}
function completed(resource_id: string, when: string, module_id = 'm1') {
  n += 1;
  return learnerEvent({
    user_id: U,
    kind: 'completed',
    occurred_at: when,
    source: { type: 'progress_event', id: `c${n}` },
    data: { scope: 'resource', ...where(resource_id, module_id) },
  });
}
function progressed(resource_id: string, when: string, minutes: number, from: number, to: number) {
  n += 1;
  return learnerEvent({
    user_id: U,
    kind: 'progressed',
    occurred_at: when,
    source: { type: 'progress_event', id: `p${n}` },
    data: {
      ...where(resource_id, 'm2'),
      progress_percentage: 40,
      time_spent_minutes: minutes,
      time_added_minutes: 5,
      position_seconds: to,
      previous_position_seconds: from,
      watch_time_seconds: to,
    },
  });
}

const resource = (id: string, title: string, skills: string[], minutes = 30) => ({
  resource_id: id,
  title,
  type: 'video',
  estimated_minutes: minutes,
  skills,
  prerequisites: [],
});
const outline: CatalogOutline = {
  pathway_id: P,
  title: 'Python Backend',
  difficulty: 'beginner',
  modules: [
    { module_id: 'm1', title: 'Basics', resources: [resource('r1', 'Variables', ['python'])] },
    {
      module_id: 'm2',
      title: 'Functions',
      resources: [
        resource('r2', 'Python Functions', ['python']),
        resource('async', 'Async and await', ['async_programming'], 20),
        resource('quiz', 'Functions quiz', ['python', 'async_programming'], 10),
      ],
    },
  ],
};
const now = new Date(at(3));

describe('recommendNextLesson', () => {
  it('names the next lesson in module order, with the last activity as evidence', () => {
    const done = completed('r1', at(0));
    const signals = foldStream([done]);
    expect(recommendNextLesson(outline, signals, {})).toEqual({
      reason_code: 'next_in_sequence',
      reason: 'Next in sequence: Module 2 - Python Functions',
      target: { type: 'resource', id: 'r2', title: 'Python Functions', pathway_id: P },
      estimated_minutes: 30,
      evidence: { event_ids: [done.id], scores: [] },
      priority: 3,
    });
  });

  it('checks the lesson’s prerequisites against the learner’s levels first', () => {
    const gated: CatalogOutline = {
      ...outline,
      modules: [
        {
          module_id: 'm1',
          title: 'Basics',
          resources: [
            {
              ...resource('r1', 'Variables', ['python']),
              prerequisites: [{ kind: 'skill', skill_id: 'python', min_level: 3 }],
            },
          ],
        },
      ],
    };
    const signals = emptySignals();
    expect(recommendNextLesson(gated, signals, { python: { level: 2 } })).toMatchObject({
      reason_code: 'prerequisite_first',
      reason: 'Before Basics - Variables: needs python level 3 (now 2)',
    });
    expect(recommendNextLesson(gated, signals, { python: { level: 3 } })?.reason_code).toBe(
      'next_in_sequence',
    );
  });
});

describe('revision, difficulty and struggle rules', () => {
  it('turn a failed quiz into revision of each skill, pointing at the lesson before it that teaches it', () => {
    const failed = quiz('quiz', 45, at(1), ['async_programming', 'python']);
    const recs = recommend({
      user_id: U,
      signals: foldStream([failed]),
      levels: {},
      catalog: [outline],
      now,
    });
    const revisions = recs.filter((r) => r.reason_code === 'revision');
    expect(revisions.map((r) => [r.reason, r.target.id, r.evidence])).toEqual(
      expect.arrayContaining([
        [
          'Review async_programming - recent quiz score: 45%',
          'async',
          { event_ids: [failed.id], scores: [45] },
        ],
        ['Review python - recent quiz score: 45%', 'r2', { event_ids: [failed.id], scores: [45] }],
      ]),
    );
    expect(revisions.every((r) => r.status === 'active' && r.id.length === 24)).toBe(true);
  });

  it('drop revision once the latest attempt passes', () => {
    const signals = foldStream([quiz('quiz', 45, at(1)), quiz('quiz', 85, at(2))]);
    const recs = recommend({ user_id: U, signals, levels: {}, catalog: [outline], now });
    expect(recs.filter((r) => r.reason_code === 'revision')).toEqual([]);
  });

  it('adjust difficulty from the mean of recent scores, in the seed’s words', () => {
    expect(adjustDifficulty('beginner', [90, 94, 92])).toEqual({
      new_difficulty: 'intermediate',
      explanation: 'Excellent performance (92%) - increasing challenge',
    });
    expect(adjustDifficulty('advanced', [40, 45, 50]).new_difficulty).toBe('intermediate');
    expect(adjustDifficulty('beginner', [95, 95]).new_difficulty).toBe('beginner');
    expect(adjustDifficulty('intermediate', [70, 75, 80]).explanation).toBe(
      'Steady performance (75%) - keeping the difficulty',
    );
    const signals = foldStream([
      quiz('quiz', 90, at(0)),
      quiz('r2', 94, at(1)),
      quiz('async', 92, at(2)),
    ]);
    const up = recommend({ user_id: U, signals, levels: {}, catalog: [outline], now }).find(
      (r) => r.reason_code === 'difficulty_up',
    );
    expect(up).toMatchObject({
      reason: 'Excellent performance (92%) - increasing challenge',
      target: { type: 'difficulty', id: 'intermediate' },
      evidence: { scores: [90, 94, 92] },
    });
  });

  it('detect a struggling learner from failures, rewinds, time over the norm and stalls', () => {
    const events: LearnerEvent[] = [
      quiz('quiz', 30, at(0, 1)),
      quiz('quiz', 40, at(0, 2)),
      quiz('quiz', 50, at(0, 3)),
      progressed('async', at(0, 4), 10, 300, 200),
      progressed('async', at(0, 5), 30, 400, 100),
      progressed('async', at(0, 6), 45, 500, 10),
    ];
    const signals = foldStream(events);
    const quizSignal = signals.resources[`${P}/quiz`]!;
    expect(
      detectStrugglingLearner(
        quizSignal,
        { title: 'Quiz', estimated_minutes: 10 },
        new Date(at(1)),
      ),
    ).toEqual({
      is_struggling: true,
      reasons: [
        {
          code: 'repeated_failures',
          sentence: '3 failed attempts at Quiz',
          event_ids: events.slice(0, 3).map((e) => e.id),
        },
      ],
    });
    const video = signals.resources[`${P}/async`]!;
    expect(
      detectStrugglingLearner(
        video,
        { title: 'Async', estimated_minutes: 20 },
        new Date(at(9, 30)),
      ).reasons.map((r) => r.sentence),
    ).toEqual([
      '45 minutes on Async, over 2× the 20 expected',
      'Rewound Async 3 times',
      'No progress on Async for 9 days',
    ]);
    expect(
      detectStrugglingLearner(
        video,
        { title: 'Async', estimated_minutes: 60 },
        new Date(at(1)),
      ).reasons.map((r) => r.code),
    ).toEqual(['rewinds']);
    const fresh = foldStream([progressed('async', at(0), 10, 100, 120)]).resources[`${P}/async`]!;
    expect(
      detectStrugglingLearner(fresh, { title: 'Async', estimated_minutes: 20 }, new Date(at(1))),
    ).toEqual({ is_struggling: false, reasons: [] });
  });
});

describe('lifecycle and replay', () => {
  const stream = (): LearnerEvent[] => [
    completed('r1', at(0)),
    quiz('quiz', 45, at(1), ['async_programming']),
  ];

  it('keeps an action attached to the recommendation it was taken on', () => {
    const events = stream();
    const first = recommend({
      user_id: U,
      signals: foldStream(events),
      levels: {},
      catalog: [outline],
      now,
    });
    const revision = first.find((r) => r.reason_code === 'revision')!;
    const skipped = learnerEvent({
      user_id: U,
      kind: 'recommendation_acted',
      occurred_at: at(2),
      source: { type: 'api', id: `act:${revision.id}:1` },
      data: { recommendation_id: revision.id, action: 'skipped' },
    });
    const after = recommend({
      user_id: U,
      signals: foldStream([...events, skipped]),
      levels: {},
      catalog: [outline],
      now,
    });
    expect(after.find((r) => r.id === revision.id)).toMatchObject({
      status: 'skipped',
      acted_at: at(2),
    });
    expect(after.filter((r) => r.id !== revision.id)).toEqual(
      first.filter((r) => r.id !== revision.id),
    );
  });

  it('keeps one lesson recommendation per lesson, and moves on past a skipped or ignored one', () => {
    const done = completed('r1', at(0));
    const next = (events: LearnerEvent[]) =>
      recommend({ user_id: U, signals: foldStream(events), levels: {}, catalog: [outline], now })
        .filter((r) => r.reason_code === 'next_in_sequence')
        .map((r) => ({ id: r.id, target: r.target.id, status: r.status }));
    const first = next([done]);
    expect(first.map((r) => r.target)).toEqual(['r2']);
    // Working on it moves its evidence on, not its id, so an action stays attached to it.
    const working = progressed('r2', at(0, 5), 10, 0, 60);
    expect(next([done, working])).toEqual(first);
    const act = (action: 'skipped' | 'ignored' | 'accepted', id: string, minute: number) =>
      learnerEvent({
        user_id: U,
        kind: 'recommendation_acted',
        occurred_at: at(0, minute),
        source: { type: 'api', id: `act:${id}:${action}` },
        data: { recommendation_id: id, action },
      });
    const accepted = act('accepted', first[0]!.id, 6);
    expect(next([done, working, accepted])).toEqual([{ ...first[0], status: 'accepted' }]);
    const skipped = act('skipped', first[0]!.id, 7);
    const after = next([done, working, accepted, skipped]);
    expect(after.map((r) => [r.target, r.status])).toEqual([['async', 'active']]);
    const ignored = act('ignored', after[0]!.id, 8);
    expect(next([done, working, accepted, skipped, ignored]).map((r) => r.target)).toEqual([
      'quiz',
    ]);
  });

  it('reproduces the same signals and recommendations when the whole stream is replayed', () => {
    const events = [
      ...stream(),
      progressed('async', at(2), 50, 500, 10),
      quiz('quiz', 80, at(2, 30)),
    ];
    let incremental = emptySignals();
    for (const e of events) incremental = foldSignals(incremental, e);
    const replayed = foldStream([...events].reverse());
    expect(replayed).toEqual(incremental);
    const a = recommend({ user_id: U, signals: incremental, levels: {}, catalog: [outline], now });
    const b = recommend({ user_id: U, signals: replayed, levels: {}, catalog: [outline], now });
    expect(b).toEqual(a);
    expect(a.map((r) => r.reason_code)).toEqual(['struggling', 'next_in_sequence']);
  });

  it('refuse to fold an event out of order, so a late event forces a full refold', () => {
    const [early, late] = stream();
    expect(() => foldSignals(foldSignals(emptySignals(), late!), early!)).toThrow(/refold/);
  });
});
