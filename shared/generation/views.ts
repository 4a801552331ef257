import { isoRequired, iso } from '../time';
import type { ResponseOf } from '../use-case';
import type { ProjectDoc, StageDoc } from './model';
import type { StageId } from './plan';
import type { ProjectSchema, StageProgressSchema } from './schemas';

/** How the API shows projects and stage records: seed 002's fields. */
export function projectView(id: string, p: ProjectDoc): ResponseOf<typeof ProjectSchema> {
  return {
    course_id: id,
    title: p.title,
    description: p.description,
    status: p.status,
    user_id: p.user_id,
    repo_url: p.repo_url,
    repo_name: p.repo_name,
    created_at: isoRequired(p.created_at),
    updated_at: isoRequired(p.updated_at),
    outline: p.outline,
    pathway_id: p.pathway_id,
  };
}

export function stageView(
  courseId: string,
  stage: StageId,
  runId: string | null,
  doc: StageDoc | undefined,
): ResponseOf<typeof StageProgressSchema> {
  // A record of an earlier run says nothing about this one.
  const current = doc && runId !== null && doc.task_id === `${runId}-${stage}` ? doc : undefined;
  return {
    course_id: courseId,
    stage,
    task_id: current?.task_id ?? null,
    status: current?.status ?? 'PENDING',
    progress_percentage: current?.progress_percentage ?? 0,
    current_step: current?.current_step ?? 'Not started',
    error_message: current?.error_message ?? null,
    started_at: iso(current?.started_at),
    completed_at: iso(current?.completed_at),
    units_computed: current?.units_computed ?? 0,
    units_reused: current?.units_reused ?? 0,
    result: current?.status === 'SUCCESS' ? (current.summary ?? null) : null,
  };
}
