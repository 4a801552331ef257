import type { Caller } from '../auth';
import type { CatalogRepository } from '../catalog/repository';
import { failedPrecondition } from '../errors';
import { quizAttemptedMessage } from '../learner/publish';
import type { RateLimiter, RateRule } from '../platform/rate-limit';
import type { ResourceParams } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import type { ActingFor, ResourceLocator } from './access';
import type { EnrollmentWriter } from './enrollment-writer';
import { attemptsUsed, type ResourceState } from './model';
import {
  applyAttempt,
  attemptFingerprint,
  mayRevealAnswers,
  scoreAnswers,
  type ScoredAttempt,
} from './quiz';
import type { ProgressRepository } from './repository';
import { percent } from './rollup';
import type { QuizAttemptBody, QuizAttemptResponseSchema } from './schemas';
import { applyAction } from './transitions';
import { quizView } from './views';

/** The same answers sent again within this window are one attempt (a double submit). */
const REPEAT_WINDOW_MS = 60_000;

/** Enough for a learner working through quizzes; too few to brute-force an answer key. */
export const QUIZ_ATTEMPT_RATE: RateRule = { what: 'quiz attempts', limit: 30, windowSeconds: 600 };

/**
 * Quiz attempts: scored by the server against the answer key (a client-reported score only for
 * quizzes without one), every attempt recorded, the quiz policy deciding what counts.
 */
export class QuizAttempts {
  constructor(
    private readonly repo: ProgressRepository,
    private readonly catalog: CatalogRepository,
    private readonly writer: EnrollmentWriter,
    private readonly locator: ResourceLocator,
    private readonly rateLimits: RateLimiter,
  ) {}

  async submit(
    caller: Caller,
    params: ResourceParams,
    body: QuizAttemptBody,
    ctx: RequestContext,
    actingFor?: ActingFor,
  ): Promise<ResponseOf<typeof QuizAttemptResponseSchema>> {
    const userId = actingFor?.userId ?? caller.uid;
    const resourceId = params.resource_id;
    const located = await this.locator.locate(caller, resourceId);
    await this.rateLimits.take(QUIZ_ATTEMPT_RATE, caller.uid);
    if (located.location.resource.type !== 'quiz') {
      throw failedPrecondition(`Resource ${resourceId} is not a quiz`);
    }
    const resource = await this.catalog.resource(resourceId);
    const quiz = resource?.quiz;
    if (!quiz) throw failedPrecondition(`Resource ${resourceId} has no quiz settings`);
    let scored: ScoredAttempt;
    let answerKey: Record<string, number[]> = {};
    if (body.answers) {
      if (!quiz.has_answer_key) {
        throw failedPrecondition(
          'This quiz has no answer key: report a score and max_score instead',
          [{ path: 'answers', message: 'Not accepted for a quiz without an answer key' }],
        );
      }
      answerKey = (await this.catalog.quizKey(resourceId))?.answers ?? {};
      scored = scoreAnswers(quiz, answerKey, body.answers);
    } else {
      if (quiz.has_answer_key) {
        throw failedPrecondition(
          'This quiz is scored by the server: send answers, the chosen option indexes per question id (e.g. {"q1": [2]})',
          [
            {
              path: 'score',
              message: 'A client-reported score is accepted only for quizzes without an answer key',
            },
          ],
        );
      }
      const score = body.score ?? 0;
      const max = body.max_score ?? 1;
      scored = { score, max_score: max, percentage: percent(score, max), results: [] };
    }

    const fingerprint = attemptFingerprint(body);
    let attemptNumber = 0;
    let duplicate = false;
    const result = await this.writer.write({
      userId,
      ...(actingFor ? { actingFor: { ...actingFor, what: `quiz attempt ${resourceId}` } } : {}),
      byLearner: true,
      pathwayId: located.pathwayId,
      pathway: located.pathway,
      requestId: ctx.requestId,
      change: ({ tx, enrollment, ref, now }) => {
        const history = enrollment.quiz_history?.[resourceId];
        if (
          history?.last_fingerprint === fingerprint &&
          now.toMillis() - history.last_attempt_at.toMillis() < REPEAT_WINDOW_MS
        ) {
          // The same answers again within moments: a double submit, not a new attempt.
          duplicate = true;
          attemptNumber = history.attempts;
          return { resourceStates: {} };
        }
        const state = enrollment.resources[resourceId];
        const used = attemptsUsed(enrollment, resourceId);
        const quizState = applyAttempt(state?.quiz ?? null, scored, quiz, now, used);
        attemptNumber = quizState.attempts;
        const attemptId = `${resourceId}-${attemptNumber}`;
        this.repo.txCreateQuizAttempt(tx, ref, attemptId, {
          user_id: userId,
          pathway_id: located.pathwayId,
          resource_id: resourceId,
          attempt_number: attemptNumber,
          answers: body.answers ?? null,
          reported: body.answers ? null : { score: scored.score, max_score: scored.max_score },
          score: scored.score,
          max_score: scored.max_score,
          percentage: scored.percentage,
          passed: scored.percentage >= quiz.passing_score,
          results: scored.results,
          fingerprint,
          request_id: ctx.requestId,
          created_at: now,
        });
        return {
          resourceStates: {
            [resourceId]: applyAction(
              located.location.resource,
              state,
              { kind: 'quiz', quiz: quizState },
              now,
            ),
          },
          // The learner model's event: the attempt with each question's skills (seed 003).
          events: (_next, at) => [
            quizAttemptedMessage({
              user_id: userId,
              pathway: located.pathway,
              pathway_id: located.pathwayId,
              module_id: located.location.module.module_id,
              resource: { learning: resource?.learning ?? null, quiz },
              resource_id: resourceId,
              answer_key: answerKey,
              attempt_number: attemptNumber,
              scored,
              at: at.toDate().toISOString(),
            }),
          ],
          patch: {
            quiz_history: {
              ...enrollment.quiz_history,
              [resourceId]: {
                attempts: attemptNumber,
                last_attempt_id: attemptId,
                last_fingerprint: fingerprint,
                last_attempt_at: now,
              },
            },
          },
        };
      },
    });
    const state = result.enrollment.resources[resourceId] as ResourceState;
    const used = attemptsUsed(result.enrollment, resourceId);
    const reveal = state.quiz ? mayRevealAnswers(quiz.reveal_answers, state.quiz, quiz) : false;
    return {
      attempt_id: `${resourceId}-${attemptNumber}`,
      attempt_number: attemptNumber,
      duplicate,
      resource_id: resourceId,
      score: scored.score,
      max_score: scored.max_score,
      percentage: scored.percentage,
      passed: scored.percentage >= quiz.passing_score,
      results: scored.results.map((r) =>
        reveal ? { ...r, correct_options: answerKey[r.question_id] ?? [] } : r,
      ),
      quiz: quizView(state.quiz, quiz, used),
      status: state.status,
      module_progress:
        result.enrollment.modules[located.location.module.module_id]?.module_progress ?? 0,
      pathway_progress: result.enrollment.pathway.pathway_progress,
    };
  }
}
