import type { Timestamp } from 'firebase-admin/firestore';
import type { Caller } from '../auth';
import { failedPrecondition } from '../errors';
import { assertDocumentFits } from '../platform/document-size';
import type { RequestContext } from '../use-case';
import type { CatalogContent, Outline, PathwayDoc, QuizKeyDoc, ResourceDoc } from './model';
import { newDraftPathway } from './new-pathway';
import { outlineResource } from './outline';
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
 * Writes a generated course into a draft pathway. The module, resource and answer-key documents
 * are written first, in batches: a course of thousands of resources is more than one commit may
 * carry (10 MiB; the emulator takes 4). Then one transaction through the pathway writer points
 * the outline at them, removes what the draft no longer has and publishes `outline_changed` like
 * any other edit. Until that commit the outline still lists the previous draft, whose resources
 * keep their ids; a draft is only seen by its editors. A pathway that was published is never
 * overwritten: checked before the content is written, and again in the transaction.
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
    assertDraft(pathwayId, await this.repo.pathway(pathwayId));
    const { content, outline } = this.documents(pathwayId, draft, now);
    // An outline the pathway cannot hold is refused before any of its content is written.
    assertDocumentFits('The pathway with this outline', `pathways/${pathwayId}`, {
      ...this.emptyPathway(owner, draft, now),
      outline,
    });
    await this.repo.writeContent(content);
    return this.writer.write(owner, pathwayId, ctx, async (tx, pathway) => {
      assertDraft(pathwayId, pathway);
      const keep = new Set(draft.modules.flatMap((m) => [m.id, ...m.resources.map((r) => r.id)]));
      await this.removeStale(tx, pathwayId, keep);
      return {
        outline,
        change: 'draft_generated',
        pathwayUpdate: { title: draft.title, description: draft.description },
        result: (p) => ({ pathway_id: pathwayId, outline_version: p.outline_version }),
      };
    });
  }

  private emptyPathway(owner: Caller, draft: CatalogDraft, now: Timestamp): PathwayDoc {
    return newDraftPathway(
      { title: draft.title, description: draft.description, difficulty: null },
      owner.uid,
      now,
    );
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

  /** The draft's documents and the outline that lists them. */
  private documents(pathwayId: string, draft: CatalogDraft, now: Timestamp) {
    const content: CatalogContent = { modules: [], resources: [], quizKeys: [] };
    const outline: Outline = { modules: [] };
    for (const module of draft.modules) {
      content.modules.push({
        id: module.id,
        doc: {
          pathway_id: pathwayId,
          title: module.title,
          description: null,
          required_count: null,
          created_at: now,
          updated_at: now,
        },
      });
      outline.modules.push({
        module_id: module.id,
        title: module.title,
        required_count: null,
        resources: module.resources.map((r) => {
          const { doc, key } = this.resource(pathwayId, module.id, r, now);
          content.resources.push({ id: r.id, doc });
          if (key) content.quizKeys.push({ id: r.id, doc: key });
          return outlineResource({ id: r.id, ...doc });
        }),
      });
    }
    return { content, outline };
  }

  private resource(
    pathwayId: string,
    moduleId: string,
    r: CatalogDraft['modules'][number]['resources'][number],
    now: Timestamp,
  ): { doc: ResourceDoc; key: QuizKeyDoc | null } {
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
    const key = split?.key && r.quiz ? { ...split.key, sources: r.quiz.sources } : null;
    return { doc, key };
  }
}

function assertDraft(pathwayId: string, pathway: PathwayDoc | undefined): void {
  if (pathway && pathway.status !== 'draft')
    throw failedPrecondition(
      `Pathway ${pathwayId} is ${pathway.status}; only a draft is regenerated`,
    );
}
