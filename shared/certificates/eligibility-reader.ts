import type { Transaction } from 'firebase-admin/firestore';
import type { OutlineResource, PathwayDoc, ResourceDoc } from '../catalog/model';
import type { CatalogRepository } from '../catalog/repository';
import type { EnrollmentDoc } from '../progress/model';
import type { StoredSubmission, SubmissionsRepository } from '../submissions/repository';
import type { SubmissionStatus } from '../submissions/schemas';
import {
  evaluateEligibility,
  statusThatCounts,
  type Eligibility,
  type QuizSettings,
} from './eligibility';
import { rulesOf } from './rules';

/**
 * Gathers what the pure eligibility evaluation needs beyond the enrollment — the required
 * quizzes' pass marks and the learner's submissions — and evaluates. Each is read only when an
 * enabled rule needs it. With a transaction, everything is read inside it, so issuance decides
 * on the state its commit depends on.
 */
export class EligibilityReader {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly submissions: SubmissionsRepository,
  ) {}

  async evaluate(
    pathway: PathwayDoc,
    enrollment: Pick<EnrollmentDoc, 'user_id' | 'pathway_id' | 'resources'>,
    tx?: Transaction,
  ): Promise<Eligibility> {
    const rules = rulesOf(pathway);
    const required = pathway.outline.modules.flatMap((m) => m.resources.filter((r) => r.required));
    const quizzes = rules.all_quizzes_passed ? ids(required, (r) => r.type === 'quiz') : [];
    const uploads = rules.all_submissions_approved ? ids(required, (r) => r.requires_upload) : [];
    const [quizDocs, submitted] = await Promise.all([
      quizzes.length === 0
        ? new Map<string, ResourceDoc>()
        : tx
          ? this.catalog.txResources(tx, quizzes)
          : this.catalog.resources(quizzes),
      uploads.length === 0
        ? []
        : tx
          ? this.submissions.txOfLearnerInPathway(tx, enrollment.user_id, enrollment.pathway_id)
          : this.submissions.ofLearner(enrollment.user_id, { pathwayId: enrollment.pathway_id }),
    ]);
    return evaluateEligibility(
      rules,
      pathway.outline,
      enrollment,
      countingStatuses(submitted),
      quizSettings(quizDocs),
    );
  }
}

function ids(resources: OutlineResource[], keep: (r: OutlineResource) => boolean): string[] {
  return resources.filter(keep).map((r) => r.resource_id);
}

function quizSettings(docs: Map<string, ResourceDoc>): Record<string, QuizSettings> {
  const out: Record<string, QuizSettings> = {};
  for (const [id, doc] of docs) {
    if (doc.quiz) out[id] = { passing_score: doc.quiz.passing_score, policy: doc.quiz.policy };
  }
  return out;
}

/** Per resource, the status of the learner's attempts that the submissions rule judges. */
function countingStatuses(
  submitted: readonly StoredSubmission[],
): Record<string, SubmissionStatus | undefined> {
  const attempts = new Map<string, { status: SubmissionStatus; created_at_ms: number }[]>();
  for (const { doc } of submitted) {
    const list = attempts.get(doc.resource_id) ?? [];
    list.push({ status: doc.status, created_at_ms: doc.created_at.toMillis() });
    attempts.set(doc.resource_id, list);
  }
  return Object.fromEntries(
    [...attempts].map(([resourceId, list]) => [resourceId, statusThatCounts(list)]),
  );
}
