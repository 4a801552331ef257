import type { Caller } from '../auth';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import {
  agentUser,
  decodeStatementCursor,
  encodeStatementCursor,
  MAX_STATEMENTS,
  type StatementQuery,
} from './query';
import type { StoredEvent, XapiRepository } from './repository';
import type { Statement, StatementResultSchema } from './schemas';
import { statementId, toStatement, type XapiContext } from './statements';

export const STATEMENTS_PATH = '/api/v1/xapi/statements';

/**
 * `GET /api/v1/xapi/statements`: the learner streams as an LRS's statement result. Statements are
 * derived from immutable events with ids derived from the event ids, so every export of a stream
 * is the same statements; a correction (`reopened`) is a voiding statement, and the statement it
 * voids is no longer returned, as an LRS does. `more` is the next page's URL, or "" at the end.
 */
export class StatementQueryUseCase {
  constructor(
    private readonly repo: XapiRepository,
    private readonly ctx: XapiContext,
  ) {}

  private async statement(event: StoredEvent): Promise<Statement | null> {
    const d = event.data as { resource_id?: string | null };
    if (event.kind === 'reopened') {
      const target = await this.repo.reopenedTarget(
        event.user_id,
        event.data.resource_id,
        event.id,
      );
      return target === null ? null : toStatement(event, this.ctx, statementId(target));
    }
    const voidable =
      (event.kind === 'completed' && event.data.scope === 'resource') || event.kind === 'submitted';
    if (
      voidable &&
      d.resource_id &&
      (await this.repo.isVoided(event.user_id, d.resource_id, event.id))
    )
      return null;
    return toStatement(event, this.ctx);
  }

  async statements(
    _caller: Caller,
    _params: NoInput,
    query: StatementQuery,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof StatementResultSchema>> {
    const uid = query.agent ? agentUser(query.agent, this.ctx.baseUrl) : null;
    if (query.agent && uid === null) return { statements: [], more: '' };
    const limit = query.limit === 0 ? MAX_STATEMENTS : query.limit;
    const events = await this.repo.page({
      uid,
      // Stored times are UTC ISO strings: compare with the same form of any offset given.
      ...(query.since ? { since: new Date(query.since).toISOString() } : {}),
      ...(query.until ? { until: new Date(query.until).toISOString() } : {}),
      ascending: query.ascending === 'true',
      ...(query.page_token ? { after: decodeStatementCursor(query.page_token) } : {}),
      limit: limit + 1,
    });
    const page = events.slice(0, limit);
    const statements = (await Promise.all(page.map((e) => this.statement(e)))).filter(
      (s): s is Statement => s !== null,
    );
    const last = page.at(-1);
    return { statements, more: events.length > limit && last ? this.more(query, last) : '' };
  }

  private more(query: StatementQuery, last: StoredEvent): string {
    const params = new URLSearchParams();
    if (query.since) params.set('since', query.since);
    if (query.until) params.set('until', query.until);
    if (query.agent) params.set('agent', JSON.stringify(query.agent));
    if (query.limit) params.set('limit', String(query.limit));
    params.set('ascending', query.ascending);
    params.set('page_token', encodeStatementCursor([last.stored_at, last.path]));
    return `${STATEMENTS_PATH}?${params.toString()}`;
  }
}
