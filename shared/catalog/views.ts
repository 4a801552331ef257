import { rulesOf } from '../certificates/rules';
import { DEFAULT_UPLOAD_MB } from '../file-types';
import { iso, isoRequired } from '../time';
import type { ResponseOf } from '../use-case';
import type { ModuleDoc, Outline, PathwayDoc, ResourceDoc } from './model';
import { locateModule, outlineStats } from './outline';
import type {
  ModuleViewSchema,
  PathwayDetailSchema,
  PathwaySummarySchema,
  ResourceView,
} from './schemas';

/** How the API shows catalog documents: pure mappings from stored documents to responses. */

export function pathwaySummary(id: string, p: PathwayDoc): ResponseOf<typeof PathwaySummarySchema> {
  return {
    id,
    title: p.title,
    description: p.description,
    difficulty: p.difficulty,
    status: p.status,
    owner_uid: p.owner_uid,
    ...outlineStats(p.outline),
    outline_version: p.outline_version,
    published_at: iso(p.published_at),
    updated_at: isoRequired(p.updated_at),
    ...(p.learning ? { learning: p.learning } : {}),
  };
}

export function pathwayDetail(id: string, p: PathwayDoc): ResponseOf<typeof PathwayDetailSchema> {
  return {
    ...pathwaySummary(id, p),
    created_at: isoRequired(p.created_at),
    archived_at: iso(p.archived_at),
    certificate_rules: rulesOf(p),
    modules: p.outline.modules.map((m, i) => ({
      module_id: m.module_id,
      title: m.title,
      order_index: i + 1,
      required_count: m.required_count,
      resource_count: m.resources.length,
      duration_minutes: m.resources.reduce((sum, r) => sum + r.duration_minutes, 0),
    })),
  };
}

export function resourceView(id: string, r: ResourceDoc, orderIndex: number): ResourceView {
  return {
    id,
    key: r.key ?? null,
    type: r.type,
    title: r.title,
    description: r.description,
    duration_minutes: r.duration_minutes,
    requires_upload: r.requires_upload,
    order_index: orderIndex,
    url: r.url,
    required: r.required,
    ...(r.requires_upload
      ? {
          accepted_file_types: r.accepted_file_types ?? [],
          max_file_size_mb: r.max_file_size_mb ?? DEFAULT_UPLOAD_MB,
        }
      : {}),
    ...(r.quiz
      ? {
          quiz: {
            passing_score: r.quiz.passing_score,
            policy: r.quiz.policy,
            max_attempts: r.quiz.max_attempts,
            reveal_answers: r.quiz.reveal_answers ?? 'never',
            question_count: r.quiz.questions.length,
            has_answer_key: r.quiz.has_answer_key,
          },
        }
      : {}),
    ...(r.learning ? { learning: r.learning } : {}),
  };
}

export function moduleView(
  id: string,
  pathwayId: string,
  doc: ModuleDoc,
  outline: Outline,
): ResponseOf<typeof ModuleViewSchema> {
  const located = locateModule(outline, id);
  const resources = located?.module.resources ?? [];
  return {
    module_id: id,
    pathway_id: pathwayId,
    title: doc.title,
    description: doc.description,
    order_index: (located?.index ?? 0) + 1,
    required_count: doc.required_count,
    resource_count: resources.length,
    duration_minutes: resources.reduce((sum, r) => sum + r.duration_minutes, 0),
  };
}
