import { learnerEvent, type LearnerEvent } from '../../../shared/learner/events';
import { StatementResultSchema, StatementSchema } from '../../../shared/xapi/schemas';
import { statementId } from '../../../shared/xapi/statements';
import { call } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { streamOf } from '../../helpers/learner-events';
import { testServices } from '../../helpers/services';

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
