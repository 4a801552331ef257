import type { Config } from '../config';
import type { TaskQueue } from '../platform/tasks';
import { TaskTargets } from '../triggers';
import { adjustmentTaskId, adjustmentWeekAt, isActiveLearner } from './adjustment-week';
import type { AnalyticsRepository } from './repository';
import { summaryView } from './summary';
import { localDay } from './time';

/** Summaries read per page, and tasks created at once within a page. */
const PAGE = 300;
const PARALLEL_CREATES = 20;

export interface FanOutRun {
  learners: number;
  active: number;
  queued: number;
  /** Tasks whose name was taken: this learner's week was queued already. */
  already_queued: number;
}

/**
 * The weekly job's fan-out (Cloud Scheduler → Pub/Sub → here): one Cloud Task per active learner,
 * named by the learner and their ISO week, so a repeated or concurrent run queues nothing twice.
 * The queue's dispatch rate paces the work, not this loop; the loop only pages through the
 * learners' summaries.
 */
export class WeeklyAdjustmentFanOut {
  constructor(
    private readonly repo: AnalyticsRepository,
    private readonly tasks: TaskQueue,
    private readonly config: Pick<Config, 'taskTargetUrls'>,
  ) {}

  async run(now: Date): Promise<FanOutRun> {
    const target = TaskTargets.applyWeeklyAdjustment;
    const url = this.config.taskTargetUrls[target.functionName];
    const run: FanOutRun = { learners: 0, active: 0, queued: 0, already_queued: 0 };
    let after: string | null = null;
    do {
      const page = await this.repo.summaries(after, PAGE);
      after = page.last;
      run.learners += page.summaries.length;
      const active = page.summaries.map(summaryView).filter((s) => {
        return isActiveLearner(s.last_active_day, localDay(now, s.timezone));
      });
      run.active += active.length;
      for (let i = 0; i < active.length; i += PARALLEL_CREATES) {
        const created = await Promise.all(
          active.slice(i, i + PARALLEL_CREATES).map((s) => {
            const { week } = adjustmentWeekAt(now, s.timezone);
            return this.tasks.enqueue({
              queue: target.queue,
              name: adjustmentTaskId(s.user_id, week),
              url,
              body: { user_id: s.user_id, week },
            });
          }),
        );
        for (const { created: fresh } of created) {
          if (fresh) run.queued += 1;
          else run.already_queued += 1;
        }
      }
    } while (after !== null);
    return run;
  }
}
