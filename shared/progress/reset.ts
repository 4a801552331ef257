import type { Caller } from '../auth';
import type { PathwayAccess } from '../catalog/access';
import type { NoInput, PathwayParams } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import type { ActingFor } from './access';
import type { EnrollmentWriter } from './enrollment-writer';
import { progressEvent } from './events';
import { attemptsUsed } from './model';
import type { ProgressRepository } from './repository';
import type { ResetResponseSchema } from './schemas';

/**
 * A learner starts a pathway over: progress is cleared and the answer says what. Quiz attempts
 * are history, not progress: they stay, with the limits they count against (so a reset never
 * buys attempts), and the answer says how many were kept.
 */
export class ProgressReset {
  constructor(
    private readonly repo: ProgressRepository,
    private readonly writer: EnrollmentWriter,
    private readonly access: PathwayAccess,
  ) {}

  async reset(
    caller: Caller,
    params: PathwayParams,
    _input: NoInput,
    ctx: RequestContext,
    actingFor?: ActingFor,
  ): Promise<ResponseOf<typeof ResetResponseSchema>> {
    const userId = actingFor?.userId ?? caller.uid;
    const pathwayId = params.pathway_id;
    const pathway = await this.access.visible(caller, pathwayId);
    const cleared = {
      resources: 0,
      completed_resources: 0,
      quiz_attempts: 0,
      time_spent_minutes: 0,
      pathway_completed: false,
    };
    const kept = { quiz_attempts: 0 };
    const stored = await this.repo.enrollment(userId, pathwayId);
    if (!stored) return { pathway_id: pathwayId, user_id: userId, reset: true, cleared, kept };
    await this.writer.write({
      userId,
      ...(actingFor ? { actingFor: { ...actingFor, what: 'reset' } } : {}),
      pathwayId,
      pathway,
      requestId: ctx.requestId,
      replaceAll: true,
      change: ({ enrollment, now }) => {
        const quizzes = new Set([
          ...Object.keys(enrollment.quiz_history ?? {}),
          ...Object.entries(enrollment.resources)
            .filter(([, state]) => state.quiz)
            .map(([id]) => id),
        ]);
        kept.quiz_attempts = [...quizzes].reduce((n, id) => n + attemptsUsed(enrollment, id), 0);
        const states = Object.values(enrollment.resources);
        cleared.resources = states.length;
        cleared.completed_resources = states.filter(
          (s) => s.status === 'completed' || s.status === 'submitted',
        ).length;
        cleared.time_spent_minutes = enrollment.pathway.total_time_spent_minutes;
        cleared.pathway_completed = enrollment.pathway.completed_at !== null;
        const before = {
          pathway_progress: enrollment.pathway.pathway_progress,
          completed: cleared.pathway_completed,
        };
        return {
          resourceStates: {},
          patch: {
            resets: [
              ...enrollment.resets,
              {
                at: now,
                by: caller.uid,
                cleared_resources: cleared.resources,
                cleared_quiz_attempts: cleared.quiz_attempts,
              },
            ],
          },
          events: (next, at) => [
            progressEvent({
              type: 'progress_reset',
              enrollment: next,
              old: before,
              new: { pathway_progress: next.pathway.pathway_progress, completed: false },
              requestId: ctx.requestId,
              at,
            }),
          ],
        };
      },
    });
    return { pathway_id: pathwayId, user_id: userId, reset: true, cleared, kept };
  }
}
