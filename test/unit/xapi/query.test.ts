import {
  agentUser,
  checkVersionHeader,
  decodeStatementCursor,
  encodeStatementCursor,
  StatementQuerySchema,
} from '../../../shared/xapi/query';

const base = 'https://pathwise.example';

describe('the xAPI statement query', () => {
  it('takes an Agent as JSON and names the learner only for an account on this deployment', () => {
    const q = StatementQuerySchema.parse({
      agent: JSON.stringify({ account: { homePage: base, name: 'u1' } }),
    });
    expect(q.limit).toBeUndefined();
    expect(agentUser(q.agent!, base)).toBe('u1');
    expect(agentUser(q.agent!, 'https://elsewhere.example')).toBeNull();
    expect(agentUser({ mbox: 'mailto:a@example.com' }, base)).toBeNull();
  });

  it('refuses an agent that is not JSON or not an Agent, and a limit over the maximum', () => {
    expect(StatementQuerySchema.safeParse({ agent: '{nope' }).success).toBe(false);
    const twoIds = JSON.stringify({
      mbox: 'mailto:a@example.com',
      account: { homePage: base, name: 'u' },
    });
    expect(StatementQuerySchema.safeParse({ agent: twoIds }).success).toBe(false);
    expect(StatementQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
  });

  it('takes statementId or voidedStatementId alone, never with each other or a filter', () => {
    const id = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
    expect(StatementQuerySchema.parse({ statementId: id })).toEqual({ statementId: id });
    expect(StatementQuerySchema.parse({ voidedStatementId: id })).toEqual({
      voidedStatementId: id,
    });
    const both = StatementQuerySchema.safeParse({ statementId: id, voidedStatementId: id });
    expect(both.error?.issues.map((i) => i.path)).toEqual([['voidedStatementId']]);
    for (const filter of [
      { since: '2026-03-01T10:00:00Z' },
      { until: '2026-03-01T10:00:00Z' },
      { agent: JSON.stringify({ account: { homePage: base, name: 'u1' } }) },
      { limit: '0' },
      { ascending: 'false' },
      { page_token: 'x' },
    ]) {
      const result = StatementQuerySchema.safeParse({ statementId: id, ...filter });
      expect(result.error?.issues.map((i) => i.path)).toEqual([Object.keys(filter)]);
    }
    expect(StatementQuerySchema.safeParse({ statementId: 'not-a-uuid' }).success).toBe(false);
  });

  it('requires X-Experience-API-Version 1.0.x', () => {
    expect(() => checkVersionHeader('1.0.3')).not.toThrow();
    expect(() => checkVersionHeader('1.0')).not.toThrow();
    expect(() => checkVersionHeader(undefined)).toThrow(/1\.0\.x/);
    expect(() => checkVersionHeader('2.0.0')).toThrow(/1\.0\.x/);
  });

  it('round-trips its cursor and refuses one it did not issue', () => {
    const cursor = ['2026-03-01T10:00:00.000Z', 'users/u1/events/e1'] as [string, string];
    expect(decodeStatementCursor(encodeStatementCursor(cursor))).toEqual(cursor);
    const forged = Buffer.from(JSON.stringify(['x', 'pathways/p1'])).toString('base64url');
    expect(() => decodeStatementCursor(forged)).toThrow(/page_token/);
  });
});
