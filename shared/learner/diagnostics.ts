import type { z } from 'zod';
import { hasRole, type Caller } from '../auth';
import { alreadyExists, fromZod, notFound, permissionDenied } from '../errors';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import type { AssessmentRepository } from './assessment-repository';
import {
  assessmentAttemptEvent,
  AssessmentSchema,
  getSkillBreakdown,
  publicAssessment,
  scoreAttempt,
  type Answers,
} from './assessments';
import type { PageQuery } from '../http/pagination';
import { pageById } from './documents';
import type { AssessmentAttemptDoc, AssessmentDoc } from './model';
import { learnerEventMessage } from './publish';
import type {
  AssessmentListSchema,
  AssessmentViewSchema,
  AttemptViewSchema,
  CreateAssessmentSchema,
  UpdateAssessmentSchema,
} from './schemas';
import type { SkillTagCheck } from '../catalog/skill-tags';

type View = ResponseOf<typeof AssessmentViewSchema>;
type AttemptView = ResponseOf<typeof AttemptViewSchema>;
type Params = { assessment_id: string };

const canEdit = (caller: Caller, doc: AssessmentDoc) =>
  caller.role === 'admin' || (hasRole(caller, 'instructor') && doc.owner_uid === caller.uid);

/** The author and admins see the key; everyone else what a learner may see. */
function view(caller: Caller, doc: AssessmentDoc): View {
  const base = {
    status: doc.status,
    target_levels: doc.target_levels,
    created_at: doc.created_at,
    updated_at: doc.updated_at,
  };
  if (!canEdit(caller, doc)) return { ...publicAssessment(doc), ...base };
  return {
    ...publicAssessment(doc),
    ...base,
    owner_uid: doc.owner_uid,
    questions: doc.questions.map((q) => ({
      id: q.id,
      prompt: q.prompt,
      options: q.options,
      skills: q.skills,
      multiple: q.correct.length > 1,
      correct: q.correct,
      difficulty: q.difficulty,
    })),
  };
}

function attemptView(doc: AssessmentAttemptDoc): AttemptView {
  return {
    attempt_id: doc.attempt_id,
    assessment_id: doc.assessment_id,
    title: doc.title,
    score: doc.score,
    max_score: doc.max_score,
    percentage: doc.percentage,
    results: doc.results,
    skill_breakdown: doc.skill_breakdown,
    event_id: doc.event_id,
    created_at: doc.created_at,
  };
}

const skillRefs = (a: Pick<AssessmentDoc, 'questions'>) =>
  a.questions.flatMap((q, i) =>
    q.skills.map((skill, j) => ({ path: `questions.${i}.skills.${j}`, skill_id: skill })),
  );

/**
 * Seed 003's diagnostic assessments (`/api/v1/assessments/*`): instructors write them with their
 * answer key; learners take them and the server scores the answers (the key never leaves it).
 * Each attempt is stored with its per-skill breakdown and becomes an `assessment_attempted`
 * event in the same commit, from which the event consumer refolds the learner's levels.
 */
export class Diagnostics {
  constructor(
    private readonly repo: AssessmentRepository,
    private readonly skills: SkillTagCheck,
    private readonly clock: () => Date,
  ) {}

  async list(
    caller: Caller,
    _params: NoInput,
    query: PageQuery,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof AssessmentListSchema>> {
    const page = await pageById(
      query,
      (n, after) => this.repo.activePage(n, after),
      (d) => d.id,
    );
    return {
      assessments: page.items.map((d) => view(caller, d)),
      next_page_token: page.next_page_token,
    };
  }

  async get(caller: Caller, params: Params, _q: NoInput, _ctx: RequestContext): Promise<View> {
    const doc = await this.repo.get(params.assessment_id);
    if (!doc || (doc.status === 'archived' && !canEdit(caller, doc)))
      throw notFound(`Assessment ${params.assessment_id}`);
    return view(caller, doc);
  }

  async create(
    caller: Caller,
    _params: NoInput,
    input: z.output<typeof CreateAssessmentSchema>,
    _ctx: RequestContext,
  ): Promise<View> {
    if (!hasRole(caller, 'instructor'))
      throw permissionDenied('Only instructors and admins write assessments');
    await this.skills.check(skillRefs(input));
    const at = this.clock().toISOString();
    const doc: AssessmentDoc = {
      ...input,
      owner_uid: caller.uid,
      status: 'active',
      created_at: at,
      updated_at: at,
    };
    if (!(await this.repo.create(doc)))
      throw alreadyExists(`Assessment ${input.id} already exists`);
    return view(caller, doc);
  }

  async update(
    caller: Caller,
    params: Params,
    input: z.output<typeof UpdateAssessmentSchema>,
    _ctx: RequestContext,
  ): Promise<View> {
    if (input.questions) await this.skills.check(skillRefs({ questions: input.questions }));
    const at = this.clock().toISOString();
    const doc = await this.repo.update(params.assessment_id, (current) => {
      if (!canEdit(caller, current)) {
        if (current.status === 'archived') throw notFound(`Assessment ${params.assessment_id}`);
        throw permissionDenied('Only the author or an admin may change an assessment');
      }
      const { owner_uid: owner, status, created_at: created, updated_at: _u, ...content } = current;
      const merged = AssessmentSchema.safeParse({ ...content, ...input, id: current.id });
      if (!merged.success) throw fromZod(merged.error);
      return {
        ...merged.data,
        owner_uid: owner,
        status: input.status ?? status,
        created_at: created,
        updated_at: at,
      };
    });
    if (!doc) throw notFound(`Assessment ${params.assessment_id}`);
    return view(caller, doc);
  }

  archive(caller: Caller, params: Params, _input: NoInput, ctx: RequestContext): Promise<View> {
    return this.update(caller, params, { status: 'archived' }, ctx);
  }

  /** Scores the caller's answers on the server and records the attempt and its event. */
  async attempt(
    caller: Caller,
    params: Params,
    input: { answers: Answers },
    _ctx: RequestContext,
  ): Promise<AttemptView> {
    const assessment = await this.repo.get(params.assessment_id);
    if (!assessment || assessment.status !== 'active')
      throw notFound(`Assessment ${params.assessment_id}`);
    const scored = scoreAttempt(assessment, input.answers);
    const attemptId = this.repo.newAttemptId();
    const at = this.clock().toISOString();
    const event = assessmentAttemptEvent({
      user_id: caller.uid,
      assessment,
      attempt_id: attemptId,
      scored,
      at,
    });
    const doc: AssessmentAttemptDoc = {
      attempt_id: attemptId,
      user_id: caller.uid,
      assessment_id: assessment.id,
      title: assessment.title,
      answers: input.answers,
      score: scored.score,
      max_score: scored.max_score,
      percentage: scored.percentage,
      results: scored.responses.map((r) => ({ question_id: r.question_id, correct: r.correct })),
      skill_breakdown: getSkillBreakdown(scored.responses),
      event_id: event.id,
      created_at: at,
    };
    await this.repo.recordAttempt(doc, learnerEventMessage(event));
    return attemptView(doc);
  }

  /** One of the caller's attempts; anyone else's is a 404. */
  async getAttempt(
    caller: Caller,
    params: { assessment_id: string; attempt_id: string },
    _q: NoInput,
    _ctx: RequestContext,
  ): Promise<AttemptView> {
    const doc = await this.repo.attempt(params.attempt_id);
    if (!doc || doc.user_id !== caller.uid || doc.assessment_id !== params.assessment_id)
      throw notFound(`Attempt ${params.attempt_id}`);
    return attemptView(doc);
  }
}
