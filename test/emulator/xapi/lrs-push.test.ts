import { learnerEvent, type LearnerEvent } from '../../../shared/learner/events';
import type { StatementIndexDoc } from '../../../shared/xapi/model';
import { StatementSchema } from '../../../shared/xapi/schemas';
import { statementId, Verbs } from '../../../shared/xapi/statements';
import { createUser, type TestUser } from '../../helpers/auth';
import { documentCreatedEvent, deliverUntilSettled } from '../../helpers/events';
import { streamOf } from '../../helpers/learner-events';
import { startTestLrs, type TestLrs } from '../../helpers/lrs';
import { db, testServices } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';

let lrs: TestLrs;
let learner: TestUser;
let refused: TestUser;
let events: LearnerEvent[];
let refusedEvents: LearnerEvent[];
const basic = `Basic ${Buffer.from('pathwise-test:lrs-test-secret').toString('base64')}`;

const entries = async (uid: string) =>
  (await db().collection(`users/${uid}/xapiStatements`).get()).docs.map(
    (d) => d.data() as StatementIndexDoc,
  );
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

beforeAll(async () => {
  [learner, refused] = await Promise.all([createUser('learner'), createUser('learner')]);
  // The LRS refuses every statement of one learner (a 400, as for a statement it cannot take),
  // and is unavailable for the first PUT of each of the others'.
  lrs = await startTestLrs(
    (put, earlier) => {
      const actor = (put.body as { actor?: { account?: { name?: string } } }).actor;
      if (actor?.account?.name === refused.uid) return 400;
      return earlier.some((p) => p.statementId === put.statementId) ? 204 : 503;
    },
    { dispatch: true },
  );
  const s = streamOf(learner.uid);
  const reopened = learnerEvent({
    user_id: learner.uid,
    kind: 'reopened',
    occurred_at: '2026-03-01T09:30:00Z',
    source: { type: 'api', id: 'reopen-1' },
    data: { pathway_id: 'p1', module_id: 'm1', resource_id: 'r1', previous_status: 'completed' },
  });
  events = [
    s.viewed('2026-03-01T09:00:00Z'),
    s.completed('2026-03-01T09:10:00Z', 'r1'),
    s.quiz('2026-03-01T09:20:00Z', 80),
    reopened,
  ];
  refusedEvents = [streamOf(refused.uid).viewed('2026-03-01T09:00:00Z')];
  const repo = testServices().learner.repository;
  await repo.storeOnce(learner.uid, events, new Date('2026-03-01T10:00:00Z'));
  await repo.storeOnce(refused.uid, refusedEvents, new Date('2026-03-01T10:00:00Z'));
});

afterAll(async () => {
  await lrs.close();
});

describe('the push of statements to an external LRS', () => {
  it('stores each statement once, by id, after a retry, with the xAPI headers and credentials', async () => {
    const ids = events.map((e) => statementId(e.id));
    const pushed = await waitFor(
      () => entries(learner.uid),
      (docs) => docs.length === ids.length && docs.every((d) => d.push_status === 'pushed'),
      30_000,
    );
    for (const entry of pushed) {
      // The first PUT met a 503 and Cloud Tasks retried: the second delivery stored it.
      expect(entry).toMatchObject({ push_status: 'pushed', push_attempts: 2 });
      expect(Date.parse(entry.pushed_at ?? '')).not.toBeNaN();
    }
    // Redelivering an event's trigger queues no second push (the task name is taken).
    const first = events[0] as LearnerEvent;
    const redelivered = await deliverUntilSettled(
      'indexStatement',
      documentCreatedEvent(`users/${learner.uid}/events/${first.id}`),
    );
    expect(redelivered.status).toBeLessThan(300);
    await settle();
    for (const id of ids) {
      const puts = lrs.putsOf(id);
      expect(puts.map((p) => p.status)).toEqual([503, 204]);
      for (const put of puts) {
        expect(put.method).toBe('PUT');
        expect(put.path).toBe('/xapi/statements');
        expect(put.headers['x-experience-api-version']).toBe('1.0.3');
        expect(put.headers['content-type']).toBe('application/json');
        expect(put.headers.authorization).toBe(basic);
        const statement = StatementSchema.parse(put.body);
        expect(statement.id).toBe(id);
        expect(statement).not.toHaveProperty('stored');
        expect(statement.actor).toMatchObject({ account: { name: learner.uid } });
      }
    }
  });

  it('pushes a voiding statement for a corrected completion', async () => {
    const [, completed, , reopen] = events as [
      LearnerEvent,
      LearnerEvent,
      LearnerEvent,
      LearnerEvent,
    ];
    await waitFor(
      () => Promise.resolve(lrs.putsOf(statementId(reopen.id)).filter((p) => p.status === 204)),
      (puts) => puts.length === 1,
    );
    const voiding = StatementSchema.parse(lrs.putsOf(statementId(reopen.id))[1]?.body);
    expect(voiding.verb.id).toBe(Verbs.voided.id);
    expect(voiding.object).toEqual({ objectType: 'StatementRef', id: statementId(completed.id) });
    // The voided statement itself reached the LRS too, before or after: the LRS voids it.
    expect(lrs.putsOf(statementId(completed.id)).filter((p) => p.status === 204)).toHaveLength(1);
  });

  it('records a refusal on the statement and does not retry it', async () => {
    const id = statementId((refusedEvents[0] as LearnerEvent).id);
    const [entry] = await waitFor(
      () => entries(refused.uid),
      (docs) => docs.length === 1 && docs[0]?.push_status === 'rejected',
      30_000,
    );
    expect(entry).toMatchObject({ push_status: 'rejected', push_attempts: 1 });
    expect(entry?.push_error).toMatch(/^HTTP 400/);
    expect(entry).not.toHaveProperty('pushed_at');
    await settle();
    expect(lrs.putsOf(id).map((p) => p.status)).toEqual([400]);
  });
});
