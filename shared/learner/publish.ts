import type { PathwayDoc, QuizDoc, ResourceDoc } from '../catalog/model';
import type { OutboxEvent } from '../platform/outbox';
import type { ActivityEvents } from '../progress/enrollment-writer';
import type { QuestionResult } from '../progress/quiz';
import { Topics } from '../triggers';
import type { LearnerEvent } from './events';
import { activityEvents, quizAttemptEvent } from './from-progress';

/**
 * A learner event raised by a use case (a quiz attempt, an assessment, a goal, an action on a
 * recommendation) leaves through the outbox in the commit that records its fact, on
 * `learner-events`; the consumer stores it in the stream and refolds the model. Order between
 * messages does not matter: the consumer refolds from scratch when one arrives late.
 */
export function learnerEventMessage(event: LearnerEvent): OutboxEvent {
  return {
    id: `learner-event:${event.user_id}:${event.id}`,
    topic: Topics.learnerEvents,
    data: event as unknown as Record<string, unknown>,
  };
}

/**
 * What a learner's own progress write did to a resource (viewed, started, progressed), as
 * messages staged in that write's commit; the ids derive from the enrollment's revision, so a
 * retried transaction stages the same ids and the consumer stores each once.
 */
export const activityMessages: ActivityEvents = (change) =>
  activityEvents(change.before, change.after, {
    enrollment: change.enrollment,
    module_id: change.moduleId,
    resource_id: change.resourceId,
    at: change.at.toDate().toISOString(),
  }).map(learnerEventMessage);

/**
 * The `quiz_attempted` message of a recorded quiz attempt, with each question's skills and
 * difficulty as they are now (untagged questions measure the resource's skills, see
 * from-progress.ts), so the event stays meaningful after the quiz is edited.
 */
export function quizAttemptedMessage(input: {
  user_id: string;
  pathway: Pick<PathwayDoc, 'difficulty' | 'learning'>;
  pathway_id: string;
  module_id: string | null;
  resource: Pick<ResourceDoc, 'learning'> & { quiz: QuizDoc };
  resource_id: string;
  answer_key: Readonly<Record<string, number[]>>;
  attempt_number: number;
  scored: { score: number; max_score: number; percentage: number; results: QuestionResult[] };
  at: string;
}): OutboxEvent {
  const { quiz } = input.resource;
  const questions = Object.fromEntries(
    quiz.questions.map((q) => [
      q.id,
      {
        ...(q.skills ? { skills: q.skills } : {}),
        ...(q.difficulty !== undefined ? { difficulty: q.difficulty } : {}),
        options: q.options.length,
        correct_count: Math.max(1, input.answer_key[q.id]?.length ?? 1),
      },
    ]),
  );
  return learnerEventMessage(
    quizAttemptEvent({
      user_id: input.user_id,
      pathway_id: input.pathway_id,
      module_id: input.module_id,
      resource_id: input.resource_id,
      pathway_difficulty:
        input.pathway.learning?.difficulty ?? input.pathway.difficulty ?? 'beginner',
      resource_skills: input.resource.learning?.skills ?? [],
      attempt_number: input.attempt_number,
      score: input.scored.score,
      max_score: input.scored.max_score,
      percentage: input.scored.percentage,
      passing_score: quiz.passing_score,
      results: input.scored.results.map((r) => ({
        question_id: r.question_id,
        correct: r.correct,
      })),
      questions,
      at: input.at,
    }),
  );
}
