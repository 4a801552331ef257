import type { EnrollmentDoc } from '../progress/model';
import { isDone } from '../progress/model';
import type { ProgressContribution } from './model';

export function contributionOf(
  enrollment: Pick<EnrollmentDoc, 'resources' | 'pathway' | 'quiz_history' | 'certificate'>,
): ProgressContribution {
  const states = Object.values(enrollment.resources);
  // Attempts outlive resets in `quiz_history`; older enrollments only have the resource state.
  const quizIds = new Set([
    ...Object.keys(enrollment.quiz_history ?? {}),
    ...Object.keys(enrollment.resources),
  ]);
  const quizAttempts = [...quizIds].reduce(
    (sum, id) =>
      sum +
      Math.max(
        enrollment.quiz_history?.[id]?.attempts ?? 0,
        enrollment.resources[id]?.quiz?.attempts ?? 0,
      ),
    0,
  );
  return {
    enrollments: 1,
    completed_enrollments: enrollment.pathway.completed_at ? 1 : 0,
    resources_completed: states.filter((s) => isDone(s)).length,
    time_spent_minutes: enrollment.pathway.total_time_spent_minutes,
    quiz_attempts: quizAttempts,
    certificates_issued: enrollment.certificate?.status === 'issued' ? 1 : 0,
  };
}
