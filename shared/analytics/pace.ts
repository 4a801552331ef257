import { studySeconds, type DayBucket } from './bucket';
import { addDays, daysBetween } from './time';

/** Seed 003's pace analysis (ahead / on_track / behind), pure. */

export type LearningPace = 'ahead' | 'on_track' | 'behind';

/** Above this share of the weekly target the learner is ahead; below the lower one, behind. */
const AHEAD_FROM = 1.2;
const BEHIND_BELOW = 0.8;

export interface PaceAnalysis {
  learning_pace: LearningPace;
  last_7_days_hours: number;
  /** The learner's weekly hours preference, or their own weekly average before the last week. */
  weekly_target_hours: number | null;
  target_source: 'preference' | 'history' | 'none';
}

const hours = (seconds: number) => Math.round((seconds / 3600) * 100) / 100;

/**
 * Study time over the last seven local days against a weekly target: the learner's preference
 * when they set one, else their own weekly average over the earlier full weeks of the window.
 * Without either, any study this week is on track and none is behind.
 */
export function learningPace(
  days: readonly DayBucket[],
  input: { today: string; windowDays: number; weeklyTargetHours: number | null },
): PaceAnalysis {
  const weekStart = addDays(input.today, -6);
  const recent = days.filter((d) => d.date >= weekStart && d.date <= input.today);
  const earlier = days.filter((d) => d.date < weekStart);
  const last7 = recent.reduce((n, d) => n + studySeconds(d), 0);
  const earlierWeeks = Math.floor((input.windowDays - 7) / 7);
  const firstEarlier = addDays(weekStart, -7 * earlierWeeks);
  let target: number | null = null;
  let source: PaceAnalysis['target_source'] = 'none';
  if (input.weeklyTargetHours !== null && input.weeklyTargetHours > 0) {
    target = input.weeklyTargetHours * 3600;
    source = 'preference';
  } else if (earlierWeeks > 0) {
    const inWeeks = earlier.filter((d) => daysBetween(firstEarlier, d.date) >= 0);
    const total = inWeeks.reduce((n, d) => n + studySeconds(d), 0);
    if (total > 0) {
      target = total / earlierWeeks;
      source = 'history';
    }
  }
  let pace: LearningPace;
  if (target === null) pace = last7 > 0 ? 'on_track' : 'behind';
  else if (last7 >= target * AHEAD_FROM) pace = 'ahead';
  else if (last7 < target * BEHIND_BELOW) pace = 'behind';
  else pace = 'on_track';
  return {
    learning_pace: pace,
    last_7_days_hours: hours(last7),
    weekly_target_hours: target === null ? null : hours(target),
    target_source: source,
  };
}
