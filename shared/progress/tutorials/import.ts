import { createHash } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { z } from 'zod';
import type { Caller } from '../../auth';
import type { PathwayAccess } from '../../catalog/access';
import type { PathwayDoc } from '../../catalog/model';
import { locateByIdOrKey } from '../../catalog/outline';
import type { CatalogRepository } from '../../catalog/repository';
import { AppError } from '../../errors';
import type { RateLimiter, RateRule } from '../../platform/rate-limit';
import type { NoInput } from '../../schemas/params';
import type { RequestContext, ResponseOf } from '../../use-case';
import type { ChangeContext, EnrollmentWriter } from '../enrollment-writer';
import { attemptsUsed, type ResourceState } from '../model';
import { applyAttempt } from '../quiz';
import type { ProgressRepository } from '../repository';
import { percent } from '../rollup';
import { applyAction } from '../transitions';
import type {
  ImportBodySchema,
  ImportedTutorial,
  ImportResponseSchema,
  ImportResult,
} from './import-schemas';

/** A migration is a handful of calls per browser, never a stream. */
export const IMPORT_RATE: RateRule = { what: 'progress imports', limit: 20, windowSeconds: 3600 };
const CLOCK_SKEW_MS = 60_000;

/** Thrown inside the transaction when a batch brings nothing new: nothing is written. */
class NothingNew extends Error {}

/**
 * Seed 001's migration of localStorage progress (`migrateLocalStorageToBackend`): each tutorial
 * is merged in one transaction at the times the browser recorded — never lowering what the server
 * has, never counting a quiz score twice — and answered with what was imported, merged or refused
 * and why. Sending the same batch again changes nothing.
 */
export class TutorialImport {
  constructor(
    private readonly repo: ProgressRepository,
    private readonly catalog: CatalogRepository,
    private readonly access: PathwayAccess,
    private readonly writer: EnrollmentWriter,
    private readonly rateLimits: RateLimiter,
  ) {}

  async import(
    caller: Caller,
    _params: NoInput,
    body: z.output<typeof ImportBodySchema>,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof ImportResponseSchema>> {
    await this.rateLimits.take(IMPORT_RATE, caller.uid);
    const results: ImportResult[] = [];
    for (const tutorial of body.tutorials) results.push(await this.one(caller, tutorial, ctx));
    return { results };
  }

  private async one(caller: Caller, tutorial: ImportedTutorial, ctx: RequestContext) {
    const result: ImportResult = {
      tutorialId: tutorial.tutorialId,
      result: 'refused',
      reason: null,
      chapters: { changed: 0, unchanged: 0, refused: [] },
      quizzes: { imported: 0, already_imported: 0, refused: [] },
    };
    const refuse = (reason: string) => ({ ...result, reason });
    if (tutorial.userId !== undefined && tutorial.userId !== caller.uid)
      return refuse('This progress belongs to another user');
    let pathway: PathwayDoc;
    try {
      pathway = await this.access.visible(caller, tutorial.tutorialId);
    } catch (error) {
      if (error instanceof AppError) return refuse(`No tutorial ${tutorial.tutorialId}`);
      throw error;
    }
    const fallback = tutorial.lastWatchedAt ?? tutorial.updatedAt ?? null;
    const times = [
      fallback,
      ...tutorial.chapterProgress.map((c) => c.updatedAt),
      ...tutorial.quizScores.map((q) => q.completedAt),
    ].filter((t): t is string => typeof t === 'string');
    if (times.some((t) => Date.parse(t) > Date.now() + CLOCK_SKEW_MS))
      return refuse('Some progress is dated in the future');
    const quizzes = await this.quizRules(pathway, tutorial, result);
    const existed = (await this.repo.enrollment(caller.uid, tutorial.tutorialId)) !== undefined;
    try {
      await this.writer.write({
        userId: caller.uid,
        pathwayId: tutorial.tutorialId,
        pathway,
        requestId: ctx.requestId,
        change: (change) =>
          this.merge(change, pathway, tutorial, quizzes, fallback, result, existed),
      });
    } catch (error) {
      if (!(error instanceof NothingNew)) throw error;
      return { ...result, result: 'unchanged' as const };
    }
    return { ...result, result: existed ? ('merged' as const) : ('imported' as const) };
  }

  /** Each quiz entry's rules; keyed quizzes are scored by the server only, so refused here. */
  private async quizRules(pathway: PathwayDoc, tutorial: ImportedTutorial, result: ImportResult) {
    const rules = new Map<
      string,
      NonNullable<Awaited<ReturnType<CatalogRepository['resource']>>>
    >();
    for (const q of tutorial.quizScores) {
      const location = locateByIdOrKey(pathway.outline, q.quizId);
      const doc =
        location?.resource.type === 'quiz'
          ? await this.catalog.resource(location.resource.resource_id)
          : undefined;
      if (!location || !doc?.quiz)
        result.quizzes.refused.push({ quizId: q.quizId, reason: 'Not a quiz of this tutorial' });
      else if (doc.quiz.has_answer_key)
        result.quizzes.refused.push({
          quizId: q.quizId,
          reason:
            'This quiz is scored by the server; a score kept by the browser cannot be imported',
        });
      else rules.set(q.quizId, doc);
    }
    return rules;
  }

  private async merge(
    { tx, enrollment, ref, now }: ChangeContext,
    pathway: PathwayDoc,
    tutorial: ImportedTutorial,
    quizzes: Awaited<ReturnType<TutorialImport['quizRules']>>,
    fallback: string | null,
    result: ImportResult,
    existed: boolean,
  ) {
    // A transaction may run this more than once: tally afresh each time.
    const quizRefusals = result.quizzes.refused.filter((r) => !quizzes.has(r.quizId));
    result.chapters = { changed: 0, unchanged: 0, refused: [] };
    result.quizzes = { imported: 0, already_imported: 0, refused: quizRefusals };
    const states: Record<string, ResourceState> = {};
    const current = (id: string) => states[id] ?? enrollment.resources[id];
    for (const c of tutorial.chapterProgress) {
      const entry = locateByIdOrKey(pathway.outline, c.chapterId)?.resource;
      if (!entry || entry.type !== 'video') {
        result.chapters.refused.push({
          chapterId: c.chapterId,
          reason: 'Not a chapter (video) of this tutorial',
        });
        continue;
      }
      const atIso = c.updatedAt ?? fallback;
      const at = atIso ? Timestamp.fromMillis(Date.parse(atIso)) : now;
      const before = current(entry.resource_id);
      const after = applyAction(
        entry,
        before,
        {
          kind: 'import_chapter',
          at,
          watch_time_seconds: c.watchTime,
          last_position_seconds: c.lastPosition,
          completed: c.completed,
        },
        at,
      );
      if (JSON.stringify(after) === JSON.stringify(before)) result.chapters.unchanged += 1;
      else {
        states[entry.resource_id] = after;
        result.chapters.changed += 1;
      }
    }
    const history = { ...enrollment.quiz_history };
    for (const q of tutorial.quizScores) {
      const doc = quizzes.get(q.quizId);
      const entry = locateByIdOrKey(pathway.outline, q.quizId)?.resource;
      if (!doc?.quiz || !entry) continue;
      const rid = entry.resource_id;
      const fingerprint = createHash('sha256')
        .update(`${q.completedAt}|${q.score}/${q.maxScore}`)
        .digest('hex')
        .slice(0, 16);
      const attemptId = `${rid}-import-${fingerprint}`;
      if (await this.repo.txAttemptExists(tx, ref, attemptId)) {
        result.quizzes.already_imported += 1;
        continue;
      }
      const at = Timestamp.fromMillis(Date.parse(q.completedAt));
      const used = Math.max(attemptsUsed(enrollment, rid), history[rid]?.attempts ?? 0);
      const scored = {
        score: q.score,
        max_score: q.maxScore,
        percentage: percent(q.score, q.maxScore),
      };
      let quiz;
      try {
        quiz = applyAttempt(current(rid)?.quiz ?? null, scored, doc.quiz, at, used);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        result.quizzes.refused.push({ quizId: q.quizId, reason: error.message });
        continue;
      }
      this.repo.txCreateQuizAttempt(tx, ref, attemptId, {
        user_id: enrollment.user_id,
        pathway_id: enrollment.pathway_id,
        resource_id: rid,
        attempt_number: quiz.attempts,
        answers: null,
        reported: { score: q.score, max_score: q.maxScore },
        ...scored,
        passed: scored.percentage >= doc.quiz.passing_score,
        results: [],
        imported: true,
        fingerprint,
        created_at: at,
      });
      states[rid] = applyAction(entry, current(rid), { kind: 'quiz', quiz }, at);
      history[rid] = {
        attempts: quiz.attempts,
        last_attempt_id: attemptId,
        last_fingerprint: fingerprint,
        last_attempt_at: at,
      };
      result.quizzes.imported += 1;
    }
    if (existed && Object.keys(states).length === 0) throw new NothingNew();
    return { resourceStates: states, patch: { quiz_history: history } };
  }
}
