import type { OutlineModule } from '../../catalog/model';
import { iso } from '../../time';
import type { ResponseOf } from '../../use-case';
import { isDone, type EnrollmentDoc } from '../model';
import type { LessonProgressSchema } from './schemas';

type Lesson = ResponseOf<typeof LessonProgressSchema>;

/** Seed 004 knows three statuses: a submitted exercise is a completed lesson there. */
export function lessonStatus(state: EnrollmentDoc['resources'][string] | undefined) {
  if (!state) return 'not_started' as const;
  if (isDone(state)) return 'completed' as const;
  return state.status === 'in_progress' ? ('in_progress' as const) : ('not_started' as const);
}

export function lessonView(
  enrollmentId: string,
  enrollment: EnrollmentDoc,
  topicId: string,
  lessonId: string,
): Lesson {
  const state = enrollment.resources[lessonId];
  return {
    id: `${enrollmentId}:${lessonId}`,
    user_course_id: enrollmentId,
    topic_id: topicId,
    lesson_id: lessonId,
    status: lessonStatus(state),
    last_viewed_at: iso(state?.last_viewed_at ?? null),
    completed_at: iso(state?.completed_at ?? null),
    created_at: iso(
      state ? (state.created_at ?? state.started_at ?? state.last_activity_at) : null,
    ),
    updated_at: iso(state?.last_activity_at ?? null),
  };
}

/** Lesson counts over some modules, and the share completed (one decimal, as the seed shows). */
export function counts(enrollment: EnrollmentDoc, modules: readonly OutlineModule[]) {
  let completed = 0;
  let inProgress = 0;
  let total = 0;
  for (const module of modules) {
    for (const r of module.resources) {
      total += 1;
      const status = lessonStatus(enrollment.resources[r.resource_id]);
      if (status === 'completed') completed += 1;
      else if (status === 'in_progress') inProgress += 1;
    }
  }
  return {
    total_lessons: total,
    completed_lessons: completed,
    in_progress_lessons: inProgress,
    not_started_lessons: total - completed - inProgress,
    completion_percentage: total === 0 ? 0 : Math.round((completed / total) * 1000) / 10,
  };
}
