import type { PathwayDoc } from '../../catalog/model';
import { iso } from '../../time';
import { isDone, type EnrollmentDoc } from '../model';
import type { TutorialProgress } from './schemas';

/** An enrollment as seed 001's tutorial progress: chapters are videos, quizzes are quizzes. */
export function tutorialView(enrollment: EnrollmentDoc, pathway: PathwayDoc): TutorialProgress {
  const entries = pathway.outline.modules.flatMap((m) => m.resources);
  const chapters = entries.filter((r) => r.type === 'video');
  let totalWatch = 0;
  let lastWatched: EnrollmentDoc['updated_at'] | null = null;
  const chapterProgress = chapters.map((c) => {
    const s = enrollment.resources[c.resource_id];
    totalWatch += s?.watch_time_seconds ?? 0;
    if (s && (s.watch_time_seconds !== null || s.last_position_seconds !== null)) {
      if (!lastWatched || s.last_activity_at.toMillis() > lastWatched.toMillis())
        lastWatched = s.last_activity_at;
    }
    return {
      chapterId: c.key ?? c.resource_id,
      watchTime: s?.watch_time_seconds ?? 0,
      completed: isDone(s),
      lastPosition: s?.last_position_seconds ?? 0,
    };
  });
  const quizScores = entries
    .filter((r) => r.type === 'quiz' && enrollment.resources[r.resource_id]?.quiz)
    .map((r) => {
      const quiz = enrollment.resources[r.resource_id]?.quiz;
      return {
        quizId: r.key ?? r.resource_id,
        score: quiz?.counted_score ?? 0,
        maxScore: quiz?.counted_max_score ?? 0,
        passed: quiz?.passed ?? false,
        attempts: quiz?.attempts ?? 0,
        completedAt: iso(quiz?.last_attempt_at ?? null),
      };
    });
  const eligible = enrollment.pathway.completed_at !== null;
  return {
    tutorialId: enrollment.pathway_id,
    userId: enrollment.user_id,
    completionPercentage: Math.floor(enrollment.pathway.pathway_progress),
    chaptersCompleted: chapterProgress.filter((c) => c.completed).length,
    totalChapters: chapters.length,
    chapterProgress,
    quizScores,
    certificateEligible: eligible,
    // Certificates are issued by their own capability; none exists for this enrollment yet.
    certificateEarned: false,
    totalWatchTime: totalWatch,
    lastWatchedAt: iso(lastWatched),
  };
}
