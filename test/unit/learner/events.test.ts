import {
  compareEvents,
  learnerEvent,
  learnerEventId,
  parseLearnerEvent,
  sortableTime,
} from '../../../shared/learner/events';

const where = { pathway_id: 'py-basics', module_id: 'm1', resource_id: 'r1' };

describe('learner event ids', () => {
  it('are deterministic: the same fact from the same source is the same id', () => {
    const a = learnerEventId('u1', 'viewed', 'src-1', '2026-01-15T09:30:00.123Z');
    const b = learnerEventId('u1', 'viewed', 'src-1', '2026-01-15T09:30:00.123Z');
    expect(a).toBe(b);
    expect(a).toMatch(/^20260115T093000\.123Z_viewed_[0-9a-f]{16}$/);
  });

  it('differ by learner, kind and source', () => {
    const at = '2026-01-15T09:30:00.123Z';
    const ids = new Set([
      learnerEventId('u1', 'viewed', 'src-1', at),
      learnerEventId('u2', 'viewed', 'src-1', at),
      learnerEventId('u1', 'started', 'src-1', at),
      learnerEventId('u1', 'viewed', 'src-2', at),
    ]);
    expect(ids.size).toBe(4);
  });

  it('sort by time as text, whatever the offset the time was written with', () => {
    expect(sortableTime('2026-01-15T10:30:00+01:00')).toBe('20260115T093000.000Z');
    const times = ['2026-03-01T00:00:00Z', '2025-12-31T23:59:59.999Z', '2026-01-01T00:00:00Z'];
    const ids = times.map((t) => learnerEventId('u', 'viewed', t, t));
    const sorted = [...ids].sort();
    expect(sorted.map((id) => ids.indexOf(id))).toEqual([1, 2, 0]);
    expect([...ids].sort((a, b) => compareEvents({ id: a }, { id: b }))).toEqual(sorted);
  });
});

describe('learnerEvent', () => {
  it('validates the data of its kind and round-trips through the schema', () => {
    const event = learnerEvent({
      user_id: 'u1',
      kind: 'progressed',
      occurred_at: '2026-01-15T09:30:00Z',
      source: { type: 'progress_event', id: 'x' },
      data: {
        ...where,
        progress_percentage: 40,
        time_spent_minutes: 12,
        time_added_minutes: 2,
        position_seconds: 300,
        previous_position_seconds: 500,
        watch_time_seconds: 700,
      },
    });
    expect(event.occurred_at).toBe('2026-01-15T09:30:00.000Z');
    expect(parseLearnerEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('rejects data that does not fit the kind, naming the field', () => {
    expect(() =>
      learnerEvent({
        user_id: 'u1',
        kind: 'quiz_attempted',
        occurred_at: '2026-01-15T09:30:00Z',
        source: { type: 'quiz_attempt', id: 'q' },
        data: {
          ...where,
          attempt_number: 1,
          score: 1,
          max_score: 2,
          percentage: 50,
          passing_score: 70,
          passed: false,
          responses: [
            { question_id: 'q1', correct: true, skills: ['Python'], difficulty: 3, guessing: 0 },
          ],
          skills: [],
        },
      }),
    ).toThrow(/responses[\s\S]*skills/);
  });

  it('parseLearnerEvent refuses an unknown kind and a forged id', () => {
    const event = learnerEvent({
      user_id: 'u1',
      kind: 'viewed',
      occurred_at: '2026-01-15T09:30:00Z',
      source: { type: 'api', id: 'x' },
      data: where,
    });
    expect(() => parseLearnerEvent({ ...event, kind: 'teleported' })).toThrow();
    expect(() => parseLearnerEvent({ ...event, id: 'whatever' })).toThrow(/learner event id/);
  });
});
