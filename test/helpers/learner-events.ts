import { learnerEvent, type LearnerEvent, type Response } from '../../shared/learner/events';

/** Hand-built learner events for analytics tests: one learner, deterministic ids. */
export function streamOf(userId: string) {
  let n = 0;
  const source = () => ({ type: 'api' as const, id: `src-${(n += 1)}` });
  const where = (resource: string) => ({
    pathway_id: 'p1',
    module_id: 'm1',
    resource_id: resource,
  });
  return {
    viewed: (at: string, resource = 'r1'): LearnerEvent =>
      learnerEvent({
        user_id: userId,
        kind: 'viewed',
        occurred_at: at,
        source: source(),
        data: where(resource),
      }),
    started: (at: string, resource = 'r1'): LearnerEvent =>
      learnerEvent({
        user_id: userId,
        kind: 'started',
        occurred_at: at,
        source: source(),
        data: where(resource),
      }),
    progressed: (at: string, minutesAdded: number, resource = 'r1'): LearnerEvent =>
      learnerEvent({
        user_id: userId,
        kind: 'progressed',
        occurred_at: at,
        source: source(),
        data: {
          ...where(resource),
          progress_percentage: 50,
          time_spent_minutes: minutesAdded,
          time_added_minutes: minutesAdded,
          position_seconds: null,
          previous_position_seconds: null,
          watch_time_seconds: null,
        },
      }),
    completed: (at: string, resource = 'r1'): LearnerEvent =>
      learnerEvent({
        user_id: userId,
        kind: 'completed',
        occurred_at: at,
        source: source(),
        data: { scope: 'resource', ...where(resource) },
      }),
    moduleCompleted: (at: string): LearnerEvent =>
      learnerEvent({
        user_id: userId,
        kind: 'completed',
        occurred_at: at,
        source: source(),
        data: { scope: 'module', pathway_id: 'p1', module_id: 'm1', resource_id: null },
      }),
    quiz: (
      at: string,
      percentage: number,
      opts: { resource?: string; skills?: string[]; responses?: Response[]; passing?: number } = {},
    ): LearnerEvent =>
      learnerEvent({
        user_id: userId,
        kind: 'quiz_attempted',
        occurred_at: at,
        source: source(),
        data: {
          ...where(opts.resource ?? 'quiz1'),
          attempt_number: 1,
          score: percentage,
          max_score: 100,
          percentage,
          passing_score: opts.passing ?? 70,
          passed: percentage >= (opts.passing ?? 70),
          responses: opts.responses ?? [],
          skills: opts.skills ?? ['python'],
        },
      }),
    reviewed: (at: string): LearnerEvent =>
      learnerEvent({
        user_id: userId,
        kind: 'submission_reviewed',
        occurred_at: at,
        source: source(),
        data: {
          ...where('ex1'),
          submission_id: 's1',
          approved: true,
          grade: 'pass',
          stale_attempt: false,
        },
      }),
    goal: (
      at: string,
      goalId: string,
      status: 'active' | 'achieved' | 'archived',
      title = 'Backend',
    ): LearnerEvent =>
      learnerEvent({
        user_id: userId,
        kind: 'goal_set',
        occurred_at: at,
        source: source(),
        data: {
          goal_id: goalId,
          title,
          targets: [{ skill_id: 'python', target_level: 7 }],
          deadline: null,
          status,
        },
      }),
  };
}
