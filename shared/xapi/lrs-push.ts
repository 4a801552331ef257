import type { Config } from '../config';
import { AppError } from '../errors';
import type { TaskQueue } from '../platform/tasks';
import { TaskTargets } from '../triggers';
import { classifyLrsAnswer, statementPutRequest } from './lrs';
import type { StoredEvent, XapiRepository } from './repository';
import type { Statement } from './schemas';
import { statementId } from './statements';

export type PushOutcome =
  /** The LRS stored it now, or had it already (409). */
  | 'pushed'
  /** An earlier delivery of the task pushed it, or recorded its rejection. */
  | 'duplicate'
  /** The LRS refused it for good; recorded on the directory entry. */
  | 'rejected'
  /** No directory entry (the account was erased) or no event: nothing to push. */
  | 'gone'
  /** A reopen that took nothing back has no statement. */
  | 'no_statement'
  /** No LRS is configured (any more). */
  | 'disabled';

export interface LrsPushDeps {
  repo: XapiRepository;
  statementOf: (event: StoredEvent) => Promise<Statement | null>;
  tasks: TaskQueue;
  config: Pick<Config, 'lrs' | 'taskTargetUrls'>;
  fetch: typeof fetch;
  now: () => Date;
}

/** How long one PUT may take before it counts as no answer (the task is retried). */
const PUT_TIMEOUT_MS = 20_000;

/**
 * The push of every statement to the deployment's LRS: `indexStatement` queues one Cloud Task per
 * statement, named by the statement id, so a repeated event queues nothing twice; the task PUTs the
 * statement by id, which an LRS stores once however often it arrives. An LRS that is down makes
 * the task fail with 503 and Cloud Tasks retry it with backoff; a refusal is recorded and dropped.
 */
export class LrsPush {
  constructor(private readonly deps: LrsPushDeps) {}

  get enabled(): boolean {
    return this.deps.config.lrs !== null;
  }

  /** Queues the push of event `eventId`'s statement; false when it was queued already. */
  async enqueue(uid: string, eventId: string): Promise<boolean> {
    if (!this.enabled) return false;
    const target = TaskTargets.pushStatement;
    const id = statementId(eventId);
    const { created } = await this.deps.tasks.enqueue({
      queue: target.queue,
      name: id,
      url: this.deps.config.taskTargetUrls[target.functionName],
      body: { user_id: uid, statement_id: id },
    });
    return created;
  }

  /** One delivery of a push task; `attempt` counts from 1. Throws 503 for Cloud Tasks to retry. */
  async push(uid: string, id: string, attempt: number): Promise<PushOutcome> {
    const lrs = this.deps.config.lrs;
    if (!lrs) return 'disabled';
    const entry = await this.deps.repo.entry(uid, id);
    if (!entry) return 'gone';
    if (entry.push_status) return 'duplicate';
    const event = await this.deps.repo.event(uid, entry.event_id);
    if (!event) return 'gone';
    const statement = await this.deps.statementOf(event);
    if (!statement) return 'no_statement';
    const request = statementPutRequest(lrs, statement);
    let answer: { status: number; text: string } | { networkError: string };
    try {
      const res = await this.deps.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(PUT_TIMEOUT_MS),
      });
      answer = { status: res.status, text: await res.text() };
    } catch (error) {
      answer = { networkError: error instanceof Error ? error.message : String(error) };
    }
    const outcome = classifyLrsAnswer(answer);
    if (outcome === 'retry') {
      const why = 'networkError' in answer ? answer.networkError : `HTTP ${answer.status}`;
      // The LRS's own outage: Cloud Tasks retries with backoff, nothing here is at fault.
      throw new AppError('unavailable', `The LRS did not store statement ${id}: ${why}`, {
        expected: true,
      });
    }
    if (outcome === 'stored') {
      await this.deps.repo.recordPush(uid, id, {
        push_status: 'pushed',
        push_attempts: attempt,
        pushed_at: this.deps.now().toISOString(),
      });
      return 'pushed';
    }
    const status = 'status' in answer ? answer.status : 0;
    const text = 'text' in answer ? answer.text : '';
    await this.deps.repo.recordPush(uid, id, {
      push_status: 'rejected',
      push_attempts: attempt,
      push_error: `HTTP ${status}: ${text}`.slice(0, 1000),
    });
    return 'rejected';
  }
}
