import type { Caller } from '../auth';
import { cursorPage, decodeCursor, IdCursor } from '../http/pagination';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import type { LearnerRepository } from './repository';
import type { EventListSchema } from './schemas';

/** A learner reads their own event stream: only ever the caller's, in time order. */
export class LearnerStream {
  constructor(private readonly repo: LearnerRepository) {}

  async list(
    caller: Caller,
    _params: NoInput,
    query: { limit: number; page_token?: string | undefined },
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof EventListSchema>> {
    const after = query.page_token ? decodeCursor(query.page_token, IdCursor)[0] : undefined;
    const rows = await this.repo.eventsPage(caller.uid, query.limit, after);
    const page = cursorPage(rows, query.limit, (row) => [row.id]);
    return { events: page.items, next_page_token: page.next_page_token };
  }
}
