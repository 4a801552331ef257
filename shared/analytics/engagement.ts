import { studySeconds, type DayBucket } from './bucket';
import { WEEKDAYS, weekdayOf, type Weekday } from './time';

/** Seed 003 `get_engagement_patterns(user_id)`, pure: when and how long the learner studies. */

export interface EngagementPatterns {
  /** Local hours with the most activity, busiest first (at most three). */
  peak_study_hours: number[];
  /** Weekdays with the most activity, busiest first (at most two). */
  preferred_days: Weekday[];
  /** Mean study session, in minutes (sessions end after 30 minutes without activity). */
  avg_session_minutes: number;
  sessions: number;
}

/** The `n` busiest keys, ties going to the earlier key; keys without activity never count. */
function busiest<K>(counts: readonly [K, number][], n: number): K[] {
  return counts
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry[1] > 0)
    .sort((a, b) => b.entry[1] - a.entry[1] || a.index - b.index)
    .slice(0, n)
    .map(({ entry }) => entry[0]);
}

export function engagementPatterns(days: readonly DayBucket[]): EngagementPatterns {
  const hours = Array.from({ length: 24 }, (_, h) =>
    days.reduce((n, d) => n + (d.hours[h] ?? 0), 0),
  );
  const byDay = new Map<Weekday, number>(WEEKDAYS.map((w) => [w, 0]));
  for (const d of days) {
    const w = weekdayOf(d.date);
    byDay.set(w, (byDay.get(w) ?? 0) + d.activity_events);
  }
  const sessions = days.reduce((n, d) => n + d.sessions.count, 0);
  const seconds = days.reduce((n, d) => n + studySeconds(d), 0);
  return {
    peak_study_hours: busiest(
      hours.map((c, h) => [h, c] as [number, number]),
      3,
    ),
    preferred_days: busiest([...byDay], 2),
    avg_session_minutes: sessions === 0 ? 0 : Math.round((seconds / sessions / 60) * 10) / 10,
    sessions,
  };
}

/** "You learn best on monday, wednesday around 20:00", or null before there is any activity. */
export function studyRecommendation(patterns: EngagementPatterns): string | null {
  const hour = patterns.peak_study_hours[0];
  if (hour === undefined || patterns.preferred_days.length === 0) return null;
  return `You learn best on ${patterns.preferred_days.join(', ')} around ${String(hour).padStart(2, '0')}:00`;
}
