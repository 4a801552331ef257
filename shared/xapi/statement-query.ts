import type { Caller } from '../auth';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import {
  agentUser,
  decodeStatementCursor,
  encodeStatementCursor,
  MAX_STATEMENTS,
  STATEMENTS_PATH,
  type StatementQuery,
} from './query';
import type { StoredEvent, XapiRepository } from './repository';
import { notFound } from '../errors';
import type { Statement, StatementsResponseSchema } from './schemas';
import { statementId, toStatement, type XapiContext } from './statements';

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

  /** Whether a later `reopened` event took the event's completion or submission back. */
  private async voided(event: StoredEvent): Promise<boolean> {
    const d = event.data as { resource_id?: string | null };
    const voidable =
      (event.kind === 'completed' && event.data.scope === 'resource') || event.kind === 'submitted';
    return Boolean(
      voidable &&
      d.resource_id &&
      (await this.repo.isVoided(event.user_id, d.resource_id, event.id)),
    );
  }

  /** The event's statement, voided or not; null for a reopen that voids nothing. */
  async anyStatement(event: StoredEvent): Promise<Statement | null> {
    if (event.kind !== 'reopened') return toStatement(event, this.ctx);
    const target = await this.repo.reopenedTarget(event.user_id, event.data.resource_id, event.id);
    return target === null ? null : toStatement(event, this.ctx, statementId(target));
  }

  /** The event's statement as a query returns it: never a voided one. */
  private async statement(event: StoredEvent): Promise<Statement | null> {
    return (await this.voided(event)) ? null : this.anyStatement(event);
  }

  /**
   * One statement by id (`statementId`: not a voided one) or one voided statement
   * (`voidedStatementId`), as an LRS answers them; 404 for any other.
   */
  private async single(id: string, voided: boolean): Promise<Statement> {
    const event = await this.repo.byStatementId(id);
    const statement =
      event && (await this.voided(event)) === voided ? await this.anyStatement(event) : null;
    if (!statement) throw notFound(voided ? 'Voided statement' : 'Statement');
    return statement;
  }

  async statements(
    _caller: Caller,
    _params: NoInput,
    query: StatementQuery,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof StatementsResponseSchema>> {
    if (query.statementId) return this.single(query.statementId, false);
    if (query.voidedStatementId) return this.single(query.voidedStatementId, true);
    const uid = query.agent ? agentUser(query.agent, this.ctx.baseUrl) : null;
    if (query.agent && uid === null) return { statements: [], more: '' };
    const limit = !query.limit ? MAX_STATEMENTS : query.limit;
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
    params.set('ascending', query.ascending ?? 'false');
    params.set('page_token', encodeStatementCursor([last.stored_at, last.path]));
    return `${STATEMENTS_PATH}?${params.toString()}`;
  }
}
