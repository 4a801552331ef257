import type { Caller } from '../auth';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import { pageById } from './documents';
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
    const page = await pageById(
      query,
      (n, after) => this.repo.eventsPage(caller.uid, n, after),
      (row) => row.id,
    );
    return { events: page.items, next_page_token: page.next_page_token };
  }
}
