import { DateTime } from 'luxon';
import type { PathwayDoc } from '../catalog/model';
import type { EnrollmentDoc, ResourceState } from './model';

/**
 * The weekly report's numbers, from the learner's enrollment documents (pure). Enrollments keep
 * each resource's latest timestamps, not a log, so "in the week" means: completed, or last
 * active, between `from` and `until`; the streak counts local days with such a timestamp.
 */
export interface WeeklySummary {
  resources_completed: number;
  minutes_learned: number;
  quizzes_taken: number;
  average_quiz_score: number | null;
  current_streak_days: number;
  pathways_in_progress: number;
}

export interface Recommendation {
  pathway_id: string;
  resource_id: string;
  title: string;
  pathway_title: string;
  duration_minutes: number;
}

const within = (at: { toMillis(): number } | null | undefined, from: Date, until: Date) =>
  !!at && at.toMillis() >= from.getTime() && at.toMillis() < until.getTime();

function stamps(state: ResourceState): { toMillis(): number }[] {
  return [
    state.started_at,
    state.completed_at,
    state.last_activity_at,
    state.quiz?.last_attempt_at,
  ].filter((t): t is NonNullable<typeof t> => !!t);
}

export function weeklySummary(
  enrollments: readonly EnrollmentDoc[],
  week: { from: Date; until: Date; end: string },
  zone: string,
): WeeklySummary {
  const states = enrollments.flatMap((e) => Object.values(e.resources));
  const completed = states.filter((s) => within(s.completed_at, week.from, week.until));
  const quizzes = states.filter(
    (s) => s.quiz && within(s.quiz.last_attempt_at, week.from, week.until),
  );
  const scores = quizzes.map((s) => s.quiz?.counted_percentage ?? 0);
  const days = new Set(
    states
      .flatMap(stamps)
      .filter((t) => t.toMillis() < week.until.getTime())
      .map((t) => DateTime.fromMillis(t.toMillis(), { zone }).toISODate()),
  );
  let streak = 0;
  for (let day = DateTime.fromISO(week.end, { zone }); days.has(day.toISODate());) {
    streak += 1;
    day = day.minus({ days: 1 });
  }
  return {
    resources_completed: completed.length,
    minutes_learned: completed.reduce((sum, s) => sum + s.time_spent_minutes, 0),
    quizzes_taken: quizzes.length,
    average_quiz_score: scores.length
      ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10
      : null,
    current_streak_days: streak,
    pathways_in_progress: enrollments.filter(
      (e) => e.pathway.completed_at === null && Object.keys(e.resources).length > 0,
    ).length,
  };
}

/**
 * What to do next: in each unfinished pathway, most recently active first, the first required
 * resource in outline order that is neither completed nor submitted (at most `limit`).
 */
export function recommendations(
  enrollments: readonly EnrollmentDoc[],
  pathways: ReadonlyMap<string, PathwayDoc>,
  limit = 3,
): Recommendation[] {
  const open = enrollments
    .filter((e) => e.pathway.completed_at === null)
    .sort((a, b) => (b.last_accessed_at?.toMillis() ?? 0) - (a.last_accessed_at?.toMillis() ?? 0));
  const picks: Recommendation[] = [];
  for (const enrollment of open) {
    const pathway = pathways.get(enrollment.pathway_id);
    if (!pathway) continue;
    const next = pathway.outline.modules
      .flatMap((m) => m.resources)
      .find((r) => {
        const status = enrollment.resources[r.resource_id]?.status;
        return r.required && status !== 'completed' && status !== 'submitted';
      });
    if (!next) continue;
    picks.push({
      pathway_id: enrollment.pathway_id,
      resource_id: next.resource_id,
      title: next.title,
      pathway_title: pathway.title,
      duration_minutes: Math.max(1, next.duration_minutes),
    });
    if (picks.length === limit) break;
  }
  return picks;
}
