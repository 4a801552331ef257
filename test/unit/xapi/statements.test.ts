import { learnerEvent, type LearnerEvent } from '../../../shared/learner/events';
import { StatementSchema } from '../../../shared/xapi/schemas';
import {
  isoDuration,
  statementId,
  toStatement,
  toStatements,
  Verbs,
} from '../../../shared/xapi/statements';
import { streamOf } from '../../helpers/learner-events';

const ctx = { baseUrl: 'https://learn.example.com' };
const s = streamOf('u1');
const at = '2026-01-15T10:00:00.000Z';
const base = (kind: string, n: number) => ({
  user_id: 'u1',
  occurred_at: at,
  source: { type: 'api' as const, id: `${kind}-${n}` },
});
const where = { pathway_id: 'p1', module_id: 'm1', resource_id: 'r1' };

/** One event of every kind the stream knows. */
const everyKind: LearnerEvent[] = [
  s.viewed(at),
  s.started(at),
  s.progressed(at, 12.5),
  s.completed(at),
  s.moduleCompleted(at),
  learnerEvent({
    ...base('c', 1),
    kind: 'completed',
    data: { scope: 'pathway', pathway_id: 'p1', module_id: null, resource_id: null },
  }),
  learnerEvent({ ...base('s', 1), kind: 'submitted', data: where }),
  learnerEvent({ ...base('x', 1), kind: 'progress_reset', data: { pathway_id: 'p1' } }),
  s.quiz(at, 40),
  learnerEvent({
    ...base('u', 1),
    kind: 'submission_uploaded',
    data: {
      ...where,
      submission_id: 's1',
      attempt_number: 1,
      content_type: 'image/png',
      size_bytes: 10,
    },
  }),
  s.reviewed(at),
  learnerEvent({
    ...base('a', 1),
    kind: 'assessment_attempted',
    data: {
      assessment_id: 'diag',
      attempt_id: 'a1',
      title: 'Diagnostic',
      score: 7,
      max_score: 10,
      percentage: 70,
      responses: [
        { question_id: 'q', correct: true, skills: ['python'], difficulty: 3, guessing: 0.25 },
      ],
      target_levels: { python: 6 },
    },
  }),
  s.goal(at, 'g1', 'active'),
  s.goal(at, 'g1', 'achieved'),
  s.goal(at, 'g2', 'archived'),
  learnerEvent({
    ...base('r', 1),
    kind: 'recommendation_shown',
    data: { recommendation_id: 'rec1' },
  }),
  learnerEvent({
    ...base('r', 2),
    kind: 'recommendation_acted',
    data: { recommendation_id: 'rec1', action: 'accepted' },
  }),
];

describe('xAPI statements of learner events', () => {
  it('maps every kind to a valid xAPI 1.0.3 statement', () => {
    for (const event of everyKind) {
      const statement = toStatement({ ...event, stored_at: '2026-01-15T10:00:01.000Z' }, ctx);
      const checked = StatementSchema.safeParse(statement);
      expect({ kind: event.kind, issues: checked.error?.issues ?? [] }).toEqual({
        kind: event.kind,
        issues: [],
      });
      expect(statement.actor).toEqual({
        objectType: 'Agent',
        account: { homePage: ctx.baseUrl, name: 'u1' },
      });
      expect(statement.timestamp).toBe(at);
    }
  });

  it('derives stable UUIDv5 ids from event ids', () => {
    const ids = everyKind.map((e) => toStatement(e, ctx).id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Another export, another process: the same ids.
    expect(everyKind.map((e) => toStatement(structuredClone(e), ctx).id)).toEqual(ids);
    expect(statementId(everyKind[0]!.id)).toBe(ids[0]);
  });

  it('reports scores, success, duration and progress, with activities from resource URLs', () => {
    const quiz = toStatement(s.quiz(at, 40, { resource: 'q9' }), ctx);
    expect(quiz).toMatchObject({
      verb: Verbs.failed,
      object: { id: 'https://learn.example.com/api/v1/resources/q9' },
      result: {
        score: { raw: 40, min: 0, max: 100, scaled: 0.4 },
        success: false,
        completion: true,
      },
      context: {
        contextActivities: {
          parent: [{ id: 'https://learn.example.com/api/v1/modules/m1' }],
          grouping: [{ id: 'https://learn.example.com/api/v1/pathways/p1' }],
        },
      },
    });
    const progressed = toStatement(s.progressed(at, 12.5), ctx);
    expect(progressed.result).toEqual({
      duration: 'PT750S',
      extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/progress': 50 },
    });
    expect(isoDuration(0.01)).toBe('PT0.6S');
  });

  it('takes back a completion with a voiding statement, never an edit', () => {
    const completed = s.completed('2026-01-15T10:00:00Z', 'r7');
    const reopened = learnerEvent({
      ...base('o', 1),
      occurred_at: '2026-01-16T10:00:00Z',
      kind: 'reopened',
      data: { ...where, resource_id: 'r7', previous_status: 'completed' },
    });
    const [done, voiding] = toStatements([completed, reopened], ctx);
    expect(done).toEqual(toStatement(completed, ctx));
    expect(voiding).toEqual({
      id: statementId(reopened.id),
      actor: done!.actor,
      verb: Verbs.voided,
      object: { objectType: 'StatementRef', id: done!.id },
      timestamp: '2026-01-16T10:00:00.000Z',
      version: '1.0.3',
    });
    expect(StatementSchema.safeParse(voiding).success).toBe(true);
    // A page that starts after the completion is told what it voids.
    const known = new Map([[`u1/r7`, done!.id]]);
    expect(toStatements([reopened], ctx, known)).toEqual([voiding]);
    expect(toStatements([reopened], ctx)).toEqual([]);
    expect(() => toStatement(reopened, ctx)).toThrow(/needs the statement it voids/);
  });

  it('rejects what the specification forbids', () => {
    const good = toStatement(s.quiz(at, 90), ctx);
    const bad = [
      { ...good, actor: { account: good.actor.account, mbox: 'mailto:a@b.c' } },
      { ...good, result: { score: { scaled: 1.5 } } },
      { ...good, result: { score: { raw: 120, min: 0, max: 100 } } },
      { ...good, verb: Verbs.voided },
      { ...good, id: 'not-a-uuid' },
      { ...good, result: { duration: '12 minutes' } },
      { ...good, version: '2.0.0' },
    ];
    for (const statement of bad) expect(StatementSchema.safeParse(statement).success).toBe(false);
  });
});
