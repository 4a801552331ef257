import { z } from 'zod';
import { decodeCursor, encodeCursor, PageTokenSchema, queryInteger } from '../http/pagination';
import { invalidArgument } from '../errors';
import { IsoDateTime } from '../schemas/common';
import { AgentSchema } from './schemas';

/**
 * The statements resource's query (xAPI 1.0.3, part three, 2.1.3): `since` and `until` compare
 * with the time the LRS stored a statement (Pathwise's `stored_at` of the event), `agent` is a
 * JSON Agent, `limit` 0 means the server's maximum, `ascending` orders by stored time (newest
 * first by default), and `page_token` is what a result's `more` URL carries.
 */
export const MAX_STATEMENTS = 100;

/** Where the statements resource is served; a result's `more` URL points back at it. */
export const STATEMENTS_PATH = '/api/v1/xapi/statements';

const AgentParam = z.string().transform((text, ctx) => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'agent is not JSON' });
    return z.NEVER;
  }
  const agent = AgentSchema.safeParse(value);
  if (!agent.success) {
    ctx.addIssue({ code: 'custom', message: 'agent is not an xAPI Agent' });
    return z.NEVER;
  }
  return agent.data;
});

/** The filters of a query for many statements: none may accompany a single statement's id. */
const FILTERS = ['since', 'until', 'agent', 'limit', 'ascending', 'page_token'] as const;

/**
 * `statementId` asks for one statement, `voidedStatementId` for one voided statement (xAPI 1.0.3,
 * part three, 2.1.3): either alone, never both, and with none of the filters. `limit` (0, the
 * server's maximum) and `ascending` (false) take their defaults where the query is run, so an
 * explicit one next to an id is told apart from an absent one.
 */
export const StatementQuerySchema = z
  .strictObject({
    statementId: z.uuid().optional(),
    voidedStatementId: z.uuid().optional(),
    since: IsoDateTime.optional(),
    until: IsoDateTime.optional(),
    agent: AgentParam.optional(),
    limit: queryInteger(0, MAX_STATEMENTS).optional(),
    ascending: z.enum(['true', 'false']).optional(),
    page_token: PageTokenSchema.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.statementId !== undefined && q.voidedStatementId !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['voidedStatementId'],
        message: 'statementId and voidedStatementId cannot be used together',
      });
    const id = q.statementId !== undefined ? 'statementId' : 'voidedStatementId';
    if (q.statementId === undefined && q.voidedStatementId === undefined) return;
    for (const filter of FILTERS)
      if (q[filter] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [filter],
          message: `${filter} cannot be used with ${id}`,
        });
  });
export type StatementQuery = z.output<typeof StatementQuerySchema>;

/** Where the next page starts: the last statement's stored time and its event's path. */
export const StatementCursor = z.tuple([
  IsoDateTime,
  z.string().regex(/^users\/[^/]+\/events\/[^/]+$/),
]);
export type StatementCursor = z.infer<typeof StatementCursor>;

export const encodeStatementCursor = (c: StatementCursor): string => encodeCursor(c);
export const decodeStatementCursor = (token: string): StatementCursor =>
  decodeCursor(token, StatementCursor);

/** xAPI requires every request to name the version it speaks (1.0.x). */
export function checkVersionHeader(value: string | string[] | undefined): void {
  const version = Array.isArray(value) ? value[0] : value;
  if (version === undefined || !/^1\.0(\.\d+)?$/.test(version))
    throw invalidArgument('X-Experience-API-Version must be 1.0.x', [
      {
        path: 'headers.x-experience-api-version',
        message: `Unsupported version ${version ?? '(none)'}`,
      },
    ]);
}

/**
 * Which learner an Agent filter names: Pathwise's actors are accounts on the deployment's home
 * page; any other Agent (another home page, an mbox) matches no statement here.
 */
export function agentUser(agent: z.infer<typeof AgentSchema>, baseUrl: string): string | null {
  return agent.account && agent.account.homePage === baseUrl ? agent.account.name : null;
}
