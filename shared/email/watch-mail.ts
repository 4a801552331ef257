import { log, LogEvent } from '../log';
import type { MailRepository } from './repository';
import { DEFAULT_WATCHER_POLICY, toWatchedMail, watch, type WatcherPolicy } from './watcher';

export interface WatchRun {
  /** Mail held for quiet hours that was moved to `mail/` this pass. */
  released: number;
  checked: number;
  retried: number;
  gave_up: number;
}

/**
 * The delivery watcher's scheduled pass. It first releases mail whose quiet hours are over
 * (at most five minutes late, the pass's period); then every unsettled `mail/` document is re-read in its own
 * transaction and handed to the pure `watch()` rules, so two overlapping passes act once. A mail
 * given up is recorded on the entity it was about (`mail_failures.<mail id>`), its address is
 * suppressed when it bounced, and an ERROR line is logged for alerting.
 */
export class MailWatch {
  constructor(
    private readonly repo: MailRepository,
    private readonly policy: WatcherPolicy = DEFAULT_WATCHER_POLICY,
    private readonly batch = 200,
  ) {}

  async run(now: Date): Promise<WatchRun> {
    let released = 0;
    for (const id of await this.repo.dueScheduledIds(now, this.batch)) {
      if ((await this.repo.release(id, now)) === 'released') released += 1;
    }
    const ids = await this.repo.unsettledIds(this.batch);
    const run: WatchRun = { released, checked: ids.length, retried: 0, gave_up: 0 };
    for (const id of ids) {
      let outcome: string;
      try {
        outcome = await this.one(id, now);
      } catch (error) {
        // One unreadable document must not stop the pass for every other one.
        log.error(LogEvent.eventFailed, 'Mail watcher could not check a document', {
          mail_id: id,
          error,
        });
        continue;
      }
      if (outcome === 'retry') run.retried += 1;
      if (outcome === 'give_up') run.gave_up += 1;
    }
    return run;
  }

  private async one(id: string, now: Date): Promise<string> {
    const result = await this.repo.firestore.runTransaction(async (tx) => {
      const data = await this.repo.txMail(tx, id);
      if (!data) return { kind: 'gone' as const };
      const mail = toWatchedMail(id, data);
      const decision = watch(mail, now, this.policy);
      if (decision.kind === 'give_up') {
        const entityExists = await this.repo.txEntityExists(tx, decision.notice.entity);
        this.repo.txUpdateMail(tx, id, decision.patch);
        if (entityExists) {
          this.repo.txRecordFailure(
            tx,
            decision.notice.entity,
            decision.notice.field,
            decision.notice.value,
          );
        }
        return { ...decision, to: (data as { to?: string }).to ?? null };
      }
      if (decision.kind === 'retry') this.repo.txUpdateMail(tx, id, decision.patch);
      return decision;
    });
    if (result.kind === 'retry') {
      log.warn(LogEvent.mailRetried, 'Mail sent back to RETRY', {
        mail_id: id,
        retry: result.retry,
        failure: result.failure,
      });
    }
    if (result.kind === 'give_up') {
      if (result.suppress && result.to) {
        await this.repo.suppress(result.to, {
          reason: result.suppress,
          at: now,
          source: result.error.slice(0, 200),
        });
      }
      log.error(LogEvent.mailGaveUp, 'Mail not delivered; the learner was not reached', {
        mail_id: id,
        reason: result.reason,
        entity: `${result.notice.entity.collection}/${result.notice.entity.id}`,
        error: result.error,
      });
    }
    return result.kind;
  }
}
