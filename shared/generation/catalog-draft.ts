import type { CatalogDraft } from '../catalog/draft-import';
import type { Draft } from './content';
import { shortId } from './hash';

/** The draft pathway's id: one per project, a catalog slug. */
export function draftPathwayId(courseId: string): string {
  return `course-${shortId('p', courseId).slice(2)}`;
}

/**
 * A generated draft in the catalog's terms. Module and resource ids are derived from the project
 * and the units' own keys (catalog ids are global), so the same draft always lands on the same
 * documents and an unchanged re-run rewrites them identically.
 */
export function toCatalogDraft(
  courseId: string,
  project: { title: string; description: string | null },
  draft: Draft,
): CatalogDraft {
  return {
    title: project.title,
    description: project.description,
    modules: draft.modules.map((m) => ({
      id: shortId('m', courseId, m.module_key),
      title: m.title,
      resources: m.resources.map((r) => {
        const base = {
          id: shortId('r', courseId, r.key),
          key: r.key,
          title: r.title,
          duration_minutes: r.duration_minutes,
        };
        if (r.type !== 'quiz') return { ...base, type: r.type, description: r.description };
        return {
          ...base,
          type: 'quiz' as const,
          description: `${r.questions.length} questions; every answer is quoted from the course sources.`,
          quiz: {
            questions: r.questions.map((q) => ({
              id: q.question_id,
              prompt: q.prompt,
              options: q.options,
              correct: [q.answer_index],
            })),
            sources: Object.fromEntries(r.questions.map((q) => [q.question_id, q.source])),
          },
        };
      }),
    })),
  };
}
