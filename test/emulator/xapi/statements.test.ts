import { learnerEvent, type LearnerEvent } from '../../../shared/learner/events';
import { StatementResultSchema, StatementSchema } from '../../../shared/xapi/schemas';
import { statementId } from '../../../shared/xapi/statements';
import { call } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { streamOf } from '../../helpers/learner-events';
import { db, testServices } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';

const V = { 'X-Experience-API-Version': '1.0.3' };
let admin: TestUser;
let learner: TestUser;
let events: LearnerEvent[];
const firstStored = new Date('2026-03-01T10:00:00Z');
const secondStored = new Date('2026-03-01T11:00:00Z');

const get = (path: string, token = admin.token, headers: Record<string, string> = V) =>
  call('GET', path, { token, headers });

function agentOf(uid: string): string {
  const homePage = testServices().config.publicBaseUrl;
  return encodeURIComponent(
    JSON.stringify({ objectType: 'Agent', account: { homePage, name: uid } }),
  );
}

/** Every page of a query, following `more`. */
async function all(path: string) {
  const statements = [];
  let pages = 0;
  for (let next = path; next !== ''; pages += 1) {
    const res = await get(next);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-experience-api-version')).toBe('1.0.3');
    const result = StatementResultSchema.parse(res.body);
    statements.push(...result.statements);
    next = result.more;
  }
  return { statements, pages };
}

beforeAll(async () => {
  [admin, learner] = await Promise.all([createUser('admin'), createUser('learner')]);
  const s = streamOf(learner.uid);
  const reopened = (at: string): LearnerEvent =>
    learnerEvent({
      user_id: learner.uid,
      kind: 'reopened',
      occurred_at: at,
      source: { type: 'api', id: `reopen-${at}` },
      data: { pathway_id: 'p1', module_id: 'm1', resource_id: 'r1', previous_status: 'completed' },
    });
  events = [
    s.viewed('2026-03-01T09:00:00Z'),
    s.completed('2026-03-01T09:10:00Z', 'r1'),
    s.quiz('2026-03-01T09:20:00Z', 80),
    reopened('2026-03-01T09:30:00Z'),
    s.completed('2026-03-01T09:40:00Z', 'r1'),
  ];
  const repo = testServices().learner.repository;
  await repo.storeOnce(learner.uid, events.slice(0, 3), firstStored);
  await repo.storeOnce(learner.uid, events.slice(3), secondStored);
});

describe('GET /api/v1/xapi/statements', () => {
  it('pages a learner’s statements with `more`, voids a correction, and exports the same ids again', async () => {
    const path = `/api/v1/xapi/statements?agent=${agentOf(learner.uid)}&ascending=true&limit=2`;
    const { statements, pages } = await all(path);
    expect(pages).toBe(3);
    for (const st of statements) StatementSchema.parse(st);
    const [viewed, firstDone, quiz, reopen, secondDone] = events as [
      LearnerEvent,
      LearnerEvent,
      LearnerEvent,
      LearnerEvent,
      LearnerEvent,
    ];
    // The first completion was taken back: its statement is voided, so not returned; the voiding
    // statement names it.
    expect(statements.map((st) => st.id)).toEqual(
      [viewed, quiz, reopen, secondDone].map((e) => statementId(e.id)),
    );
    const voiding = statements[2];
    expect(voiding?.verb.id).toBe('http://adlnet.gov/expapi/verbs/voided');
    expect(voiding?.object).toEqual({ objectType: 'StatementRef', id: statementId(firstDone.id) });
    expect(statements[0]?.stored).toBe(firstStored.toISOString());
    // Newest first by default, and the same statements on a second export.
    const again = await all(`/api/v1/xapi/statements?agent=${agentOf(learner.uid)}`);
    expect(again.statements).toEqual([...statements].reverse());
  });

  it('filters by stored time: since is exclusive, until inclusive', async () => {
    const agent = agentOf(learner.uid);
    const since = await all(
      `/api/v1/xapi/statements?agent=${agent}&since=${firstStored.toISOString()}&ascending=true`,
    );
    expect(since.statements.map((st) => st.id)).toEqual(
      [events[3], events[4]].map((e) => statementId((e as LearnerEvent).id)),
    );
    const until = await all(
      `/api/v1/xapi/statements?agent=${agent}&until=${firstStored.toISOString()}&ascending=true`,
    );
    expect(until.statements.map((st) => st.id)).toEqual(
      [events[0], events[2]].map((e) => statementId((e as LearnerEvent).id)),
    );
    const other = await all(
      `/api/v1/xapi/statements?agent=${encodeURIComponent(JSON.stringify({ mbox: 'mailto:x@example.com' }))}`,
    );
    expect(other.statements).toEqual([]);
  });

  it('reads every learner’s stream without an agent filter', async () => {
    const window = `since=${firstStored.toISOString()}&until=${secondStored.toISOString()}`;
    const res = await get(`/api/v1/xapi/statements?${window}&ascending=true&limit=0`);
    expect(res.status).toBe(200);
    expect(StatementResultSchema.parse(res.body).statements.map((st) => st.id)).toEqual(
      [events[3], events[4]].map((e) => statementId((e as LearnerEvent).id)),
    );
  });

  it('answers only admins speaking xAPI 1.0.x', async () => {
    expect((await get('/api/v1/xapi/statements', learner.token)).status).toBe(403);
    expect((await get('/api/v1/xapi/statements', admin.token, {})).status).toBe(400);
    expect((await get('/api/v1/xapi/statements?agent=%7Bnope')).status).toBe(400);
    expect((await get('/api/v1/xapi/statements?page_token=forged')).status).toBe(400);
  });
});

describe('GET /api/v1/xapi/statements by statementId and voidedStatementId', () => {
  const byId = (param: string, id: string) => get(`/api/v1/xapi/statements?${param}=${id}`);
  const nth = (i: number) => statementId((events[i] as LearnerEvent).id);

  beforeAll(async () => {
    // The directory is written by indexStatement once each event is stored (Firestore → Eventarc).
    const entries = db().collection(`users/${learner.uid}/xapiStatements`);
    await waitFor(
      async () => (await entries.count().get()).data().count,
      (n) => n === events.length,
    );
  });

  it('returns the one statement, the same as the query returns it', async () => {
    const res = await byId('statementId', nth(2));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-experience-api-version')).toBe('1.0.3');
    const statement = StatementSchema.parse(res.body);
    const listed = await all(`/api/v1/xapi/statements?agent=${agentOf(learner.uid)}`);
    expect(statement).toEqual(listed.statements.find((st) => st.id === nth(2)));
    // The voiding statement is an ordinary statement: found by its own id.
    const voiding = StatementSchema.parse((await byId('statementId', nth(3))).body);
    expect(voiding.object).toEqual({ objectType: 'StatementRef', id: nth(1) });
  });

  it('returns a voided statement only by voidedStatementId, and a live one only by statementId', async () => {
    expect((await byId('statementId', nth(1))).status).toBe(404);
    const voided = await byId('voidedStatementId', nth(1));
    expect(voided.status).toBe(200);
    expect(StatementSchema.parse(voided.body)).toMatchObject({
      id: nth(1),
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
    });
    expect((await byId('voidedStatementId', nth(4))).status).toBe(404);
  });

  it('answers 404 for an id it never issued', async () => {
    const unknown = await byId('statementId', '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });

  it('refuses an id with any other filter, both ids together, and an id that is not a UUID', async () => {
    const id = nth(0);
    for (const extra of [
      `since=${firstStored.toISOString()}`,
      `agent=${agentOf(learner.uid)}`,
      'limit=1',
      'ascending=true',
      `until=${secondStored.toISOString()}`,
    ]) {
      const res = await get(`/api/v1/xapi/statements?statementId=${id}&${extra}`);
      expect(res.status).toBe(400);
    }
    expect((await get(`/api/v1/xapi/statements?voidedStatementId=${id}&limit=0`)).status).toBe(400);
    const both = await get(`/api/v1/xapi/statements?statementId=${id}&voidedStatementId=${id}`);
    expect(both.status).toBe(400);
    expect(both.body.error.details).toEqual([
      {
        path: 'query.voidedStatementId',
        message: 'statementId and voidedStatementId cannot be used together',
      },
    ]);
    expect((await byId('statementId', 'not-a-uuid')).status).toBe(400);
  });
});
