import type { DayBucket } from './bucket';

/** Seed 003 `identify_struggling_topics(user_id, threshold=60)` and revision content, pure. */

export const STRUGGLE_THRESHOLD = 60;
/** Below this average a topic needs help, not only practice. */
const NEEDS_HELP_BELOW = 50;
const MAX_REVISIONS = 5;

export interface StrugglingTopic {
  skill: string;
  avg_score: number;
  attempts: number;
  difficulty: 'needs_help' | 'needs_practice';
}

export interface RevisionRecommendation {
  resource_id: string;
  pathway_id: string;
  module_id: string | null;
  skill: string | null;
  recent_score: number;
  reason: string;
}

const oneDecimal = (v: number) => Math.round(v * 10) / 10;

function skillAverages(
  days: readonly DayBucket[],
): Map<string, { attempts: number; mean: number }> {
  const sums = new Map<string, { attempts: number; centis: number }>();
  for (const d of days)
    for (const [skill, s] of Object.entries(d.skills)) {
      const t = sums.get(skill) ?? { attempts: 0, centis: 0 };
      sums.set(skill, { attempts: t.attempts + s.attempts, centis: t.centis + s.score_centis });
    }
  return new Map(
    [...sums].map(([skill, t]) => [
      skill,
      { attempts: t.attempts, mean: t.centis / t.attempts / 100 },
    ]),
  );
}

/** Skills whose average score over the days is below the threshold, weakest first. */
export function strugglingTopics(
  days: readonly DayBucket[],
  threshold = STRUGGLE_THRESHOLD,
): StrugglingTopic[] {
  return [...skillAverages(days)]
    .filter(([, s]) => s.mean < threshold)
    .sort(([a, x], [b, y]) => x.mean - y.mean || (a < b ? -1 : 1))
    .map(([skill, s]) => ({
      skill,
      avg_score: oneDecimal(s.mean),
      attempts: s.attempts,
      difficulty: s.mean < NEEDS_HELP_BELOW ? 'needs_help' : 'needs_practice',
    }));
}

/**
 * Quizzes whose latest attempt in the days scored below the threshold, lowest first, each with
 * seed 003's reason ("Review async_programming - recent quiz score: 45%"), naming the quiz's
 * weakest skill over the days.
 */
export function revisionRecommendations(
  days: readonly DayBucket[],
  threshold = STRUGGLE_THRESHOLD,
): RevisionRecommendation[] {
  const latest = new Map<string, DayBucket['quizzes'][string]>();
  for (const d of days)
    for (const [resourceId, q] of Object.entries(d.quizzes)) {
      const seen = latest.get(resourceId);
      if (!seen || q.last_event_id > seen.last_event_id) latest.set(resourceId, q);
    }
  const skills = skillAverages(days);
  return [...latest]
    .filter(([, q]) => q.last_centis / 100 < threshold)
    .sort(([a, x], [b, y]) => x.last_centis - y.last_centis || (a < b ? -1 : 1))
    .slice(0, MAX_REVISIONS)
    .map(([resourceId, q]) => {
      const weakest =
        [...q.skills].sort(
          (a, b) => (skills.get(a)?.mean ?? 100) - (skills.get(b)?.mean ?? 100) || (a < b ? -1 : 1),
        )[0] ?? null;
      const score = oneDecimal(q.last_centis / 100);
      return {
        resource_id: resourceId,
        pathway_id: q.pathway_id,
        module_id: q.module_id,
        skill: weakest,
        recent_score: score,
        reason: `Review ${weakest ?? 'this quiz'} - recent quiz score: ${score}%`,
      };
    });
}
