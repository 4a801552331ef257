import { weeklyAdjustment } from './adjustment';
import { ADJUSTMENT_WINDOW_DAYS, parseAdjustmentWeek } from './adjustment-week';
import { dayView } from './bucket';
import type { LearnerModelReader } from './learner-model';
import type { WeeklyAdjustmentDoc } from './model';
import type { AdjustmentOutcome, AnalyticsRepository } from './repository';
import { addDays, localDay } from './time';

export type AdjustmentStatus = AdjustmentOutcome | 'not_due' | 'no_analytics';

/**
 * The weekly job's task (Cloud Tasks, one per learner and ISO week): makes the learner's path
 * adjustment for the week from the seven days before it, and stores it once. A redelivered or
 * concurrent task finds the stored one; a task for a week that has not begun in the learner's
 * timezone makes nothing, so an adjustment never rests on a week still under way.
 */
export class WeeklyAdjustmentJob {
  constructor(
    private readonly repo: AnalyticsRepository,
    private readonly learnerModel: LearnerModelReader,
  ) {}

  async apply(uid: string, isoWeek: string, now: Date): Promise<AdjustmentStatus> {
    const week = parseAdjustmentWeek(isoWeek);
    if (await this.repo.adjustment(uid, week.week)) return 'duplicate';
    const first = addDays(week.week_ending, -(ADJUSTMENT_WINDOW_DAYS - 1));
    const [{ summary, days }, weeklyTargetHours] = await Promise.all([
      this.repo.window(uid, first),
      this.learnerModel.weeklyTargetHours(uid),
    ]);
    if (!summary) return 'no_analytics';
    if (localDay(now, summary.timezone) < week.monday) return 'not_due';
    const made = weeklyAdjustment(days.filter((d) => d.date <= week.week_ending).map(dayView), {
      today: week.week_ending,
      windowDays: ADJUSTMENT_WINDOW_DAYS,
      weeklyTargetHours,
    });
    const doc: WeeklyAdjustmentDoc = {
      user_id: uid,
      week: week.week,
      week_ending: week.week_ending,
      timezone: summary.timezone,
      adjustments: made.adjustments,
      made_at: now.toISOString(),
    };
    return this.repo.storeAdjustment(doc);
  }
}
