import type { Timestamp } from 'firebase-admin/firestore';
import type { Caller } from '../auth';
import { failedPrecondition } from '../errors';
import type { RequestContext } from '../use-case';
import type { ModuleDoc, Outline, PathwayDoc, QuizKeyDoc, ResourceDoc } from './model';
import { emptyOutline, outlineResource } from './outline';
import type { PathwayWriter } from './pathway-writer';
import type { CatalogRepository, CatalogTransaction } from './repository';
import { splitQuiz } from './resource-shape';

/** A whole draft course as a generator produces it: every id chosen by the generator. */
export interface CatalogDraft {
  title: string;
  description: string | null;
  modules: {
    id: string;
    title: string;
    resources: {
      id: string;
      key: string;
      type: 'article' | 'exercise' | 'quiz';
      title: string;
      description: string;
      duration_minutes: number;
      quiz?: {
        questions: { id: string; prompt: string; options: string[]; correct: number[] }[];
        sources: NonNullable<QuizKeyDoc['sources']>;
      };
    }[];
  }[];
}

const QUIZ_SETTINGS = {
  passing_score: 70,
  policy: 'highest',
  max_attempts: null,
  reveal_answers: 'after_passing',
} as const;

/**
 * Writes a generated course into a draft pathway through the pathway writer: one transaction
 * that replaces the pathway's modules, resources and answer keys with the draft's, removes what
 * the draft no longer has, rewrites the outline and publishes `outline_changed` like any other
 * edit. A pathway that was published is never overwritten.
 */
export class DraftImport {
  constructor(
    private readonly repo: CatalogRepository,
    private readonly writer: PathwayWriter,
  ) {}

  async replace(
    owner: Caller,
    pathwayId: string,
    draft: CatalogDraft,
    now: Timestamp,
    ctx: RequestContext,
  ): Promise<{ pathway_id: string; outline_version: number }> {
    await this.repo.createPathway(pathwayId, this.emptyPathway(owner, draft, now));
    return this.writer.write(owner, pathwayId, ctx, async (tx, pathway) => {
      if (pathway.status !== 'draft')
        throw failedPrecondition(
          `Pathway ${pathwayId} is ${pathway.status}; only a draft is regenerated`,
        );
      const keep = new Set(draft.modules.flatMap((m) => [m.id, ...m.resources.map((r) => r.id)]));
      await this.removeStale(tx, pathwayId, keep);
      const outline: Outline = { modules: [] };
      for (const module of draft.modules) {
        const moduleDoc: ModuleDoc = {
          pathway_id: pathwayId,
          title: module.title,
          description: null,
          required_count: null,
          created_at: now,
          updated_at: now,
        };
        tx.setModule(module.id, moduleDoc);
        const resources = module.resources.map((r) =>
          this.writeResource(tx, pathwayId, module.id, r, now),
        );
        outline.modules.push({
          module_id: module.id,
          title: module.title,
          required_count: null,
          resources,
        });
      }
      return {
        outline,
        change: 'draft_generated',
        pathwayUpdate: { title: draft.title, description: draft.description },
        result: (p) => ({ pathway_id: pathwayId, outline_version: p.outline_version }),
      };
    });
  }

  private emptyPathway(owner: Caller, draft: CatalogDraft, now: Timestamp): PathwayDoc {
    return {
      title: draft.title,
      description: draft.description,
      difficulty: null,
      status: 'draft',
      owner_uid: owner.uid,
      outline: emptyOutline(),
      outline_version: 1,
      created_at: now,
      updated_at: now,
      published_at: null,
      archived_at: null,
    };
  }

  private async removeStale(tx: CatalogTransaction, pathwayId: string, keep: Set<string>) {
    const [modules, resources, keys] = await Promise.all([
      tx.children('modules', 'pathway_id', pathwayId),
      tx.children('resources', 'pathway_id', pathwayId),
      tx.children('quizKeys', 'pathway_id', pathwayId),
    ]);
    for (const id of modules) if (!keep.has(id)) tx.delete('module', id);
    for (const id of resources) if (!keep.has(id)) tx.delete('resource', id);
    for (const id of keys) if (!keep.has(id)) tx.delete('quizKey', id);
  }

  private writeResource(
    tx: CatalogTransaction,
    pathwayId: string,
    moduleId: string,
    r: CatalogDraft['modules'][number]['resources'][number],
    now: Timestamp,
  ) {
    const split = r.quiz
      ? splitQuiz(pathwayId, { ...QUIZ_SETTINGS, questions: r.quiz.questions })
      : null;
    const doc: ResourceDoc = {
      pathway_id: pathwayId,
      module_id: moduleId,
      type: r.type,
      key: r.key,
      title: r.title,
      description: r.description,
      url: null,
      duration_minutes: r.duration_minutes,
      required: true,
      requires_upload: false,
      accepted_file_types: null,
      max_file_size_mb: null,
      quiz: split?.doc ?? null,
      created_at: now,
      updated_at: now,
    };
    tx.setResource(r.id, doc);
    if (split?.key && r.quiz) tx.setQuizKey(r.id, { ...split.key, sources: r.quiz.sources });
    return outlineResource({ id: r.id, ...doc });
  }
}
