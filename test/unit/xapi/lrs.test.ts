import { parseConfig } from '../../../shared/config';
import { classifyLrsAnswer, statementPutRequest } from '../../../shared/xapi/lrs';
import { StatementSchema } from '../../../shared/xapi/schemas';
import { toStatement } from '../../../shared/xapi/statements';
import { streamOf } from '../../helpers/learner-events';

const project = { GOOGLE_CLOUD_PROJECT: 'acme' };
const statement = StatementSchema.parse(
  toStatement(
    {
      ...streamOf('u1').completed('2026-01-15T10:00:00.000Z'),
      stored_at: '2026-01-15T10:00:01.000Z',
    },
    { baseUrl: 'https://learn.example.com' },
  ),
);

describe('LRS configuration', () => {
  it('is off when no endpoint is set', () => {
    expect(parseConfig(project).lrs).toBeNull();
  });

  it('takes the endpoint without its trailing slash, with credentials when both are set', () => {
    expect(
      parseConfig({
        ...project,
        PATHWISE_LRS_ENDPOINT: 'https://lrs.example.com/xapi/',
        PATHWISE_LRS_USERNAME: 'key',
        PATHWISE_LRS_PASSWORD: 'secret',
      }).lrs,
    ).toEqual({
      endpoint: 'https://lrs.example.com/xapi',
      credentials: { username: 'key', password: 'secret' },
    });
    expect(parseConfig({ ...project, PATHWISE_LRS_ENDPOINT: 'http://127.0.0.1:9/x' }).lrs).toEqual({
      endpoint: 'http://127.0.0.1:9/x',
      credentials: null,
    });
  });

  it('refuses to start with a precise message on a bad endpoint or half the credentials', () => {
    expect(() => parseConfig({ ...project, PATHWISE_LRS_ENDPOINT: 'lrs.example.com' })).toThrow(
      'PATHWISE_LRS_ENDPOINT: Expected the LRS endpoint as an http(s) URL',
    );
    expect(() =>
      parseConfig({ ...project, PATHWISE_LRS_ENDPOINT: 'ftp://lrs.example.com' }),
    ).toThrow(/PATHWISE_LRS_ENDPOINT: Expected the LRS endpoint/);
    expect(() =>
      parseConfig({
        ...project,
        PATHWISE_LRS_ENDPOINT: 'https://lrs.example.com',
        PATHWISE_LRS_USERNAME: 'key',
      }),
    ).toThrow(
      'PATHWISE_LRS_PASSWORD: PATHWISE_LRS_USERNAME and PATHWISE_LRS_PASSWORD are set together or not at all',
    );
    expect(() =>
      parseConfig({
        ...project,
        PATHWISE_LRS_ENDPOINT: 'https://l.example',
        PATHWISE_LRS_PASSWORD: 'p',
      }),
    ).toThrow(/PATHWISE_LRS_USERNAME: /);
  });
});

describe('statementPutRequest', () => {
  const lrs = {
    endpoint: 'https://lrs.example.com/xapi',
    credentials: { username: 'key', password: 'sé:cret' },
  };

  it('PUTs the statement by its id with the xAPI version, JSON and Basic auth', () => {
    const request = statementPutRequest(lrs, statement);
    expect(request.method).toBe('PUT');
    const url = new URL(request.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://lrs.example.com/xapi/statements');
    expect([...url.searchParams]).toEqual([['statementId', statement.id]]);
    expect(request.headers).toEqual({
      'Content-Type': 'application/json',
      'X-Experience-API-Version': '1.0.3',
      Authorization: `Basic ${Buffer.from('key:sé:cret').toString('base64')}`,
    });
  });

  it('sends the statement without `stored`, which the LRS sets, and still a valid statement', () => {
    expect(statement.stored).toBe('2026-01-15T10:00:01.000Z');
    const body = JSON.parse(statementPutRequest(lrs, statement).body) as Record<string, unknown>;
    expect(body).not.toHaveProperty('stored');
    const { stored: _stored, ...rest } = statement;
    expect(body).toEqual(rest);
    expect(StatementSchema.safeParse(body).success).toBe(true);
  });

  it('sends no Authorization header when no credentials are configured', () => {
    const request = statementPutRequest({ ...lrs, credentials: null }, statement);
    expect(request.headers).not.toHaveProperty('Authorization');
  });
});

describe('classifyLrsAnswer', () => {
  it.each([
    [204, 'stored'],
    [200, 'stored'],
    [409, 'stored'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [408, 'retry'],
    [429, 'retry'],
    [400, 'rejected'],
    [401, 'rejected'],
    [403, 'rejected'],
    [404, 'rejected'],
    [413, 'rejected'],
    [302, 'rejected'],
  ] as const)('HTTP %i is %s', (status, outcome) => {
    expect(classifyLrsAnswer({ status })).toBe(outcome);
  });

  it('retries when the LRS does not answer', () => {
    expect(classifyLrsAnswer({ networkError: 'connect ECONNREFUSED 127.0.0.1:9' })).toBe('retry');
  });
});
