import { createHash } from 'node:crypto';
import { invalidArgument } from '../errors';
import type { DocumentAnalysis } from './analysis';
import type { SourceFile } from './archive';
import { toCatalogDraft } from './catalog-draft';
import type { ContentDocument, Draft, ModuleContent } from './content';
import type { CoursePlan } from './course-outline';
import { fitDraft } from './draft-budget';
import type { CourseGenerator } from './generator';
import { unitHash } from './hash';
import type { SelectedDocument, SkippedFile } from './inventory';
import { planUnits, unitProgress, type StageId } from './plan';
import { stemMatchesSource, type QuizStem } from './quiz';
import type { StageContext } from './stage-context';
import type { WeightedTerm } from './terms';

/**
 * The four stages' work over checkpoints. Each unit's hash covers the generator and every input
 * the unit reads, so a unit is computed once per distinct input: a resumed stage skips finished
 * units, an unchanged re-run computes nothing, and a changed document recomputes its own units
 * and those that read them.
 */
export interface StageOutput {
  /** The hash of the stage's output: a checkpoint, or for the content stage, the draft's inputs. */
  output: string;
  summary: Record<string, number | string>;
  /** The content stage's draft course. */
  draft?: Draft;
}

interface InventoryOutput {
  documents: { document_id: string; path: string; content_hash: string; text: string }[];
  skipped: SkippedFile[];
}

interface TermsOutput {
  documents: { document_id: string; path: string; analysis: string; text: string }[];
  terms: Record<string, WeightedTerm[]>;
}

/** Documents analysed between two round trips to Firestore. */
const ANALYSIS_BATCH = 25;

const generatorId = (g: CourseGenerator) => `${g.name}@${g.version}`;

/** A permanent failure: no source file is a usable document, and the message says why. */
function nothingToTeach(count: number, skipped: SkippedFile[]) {
  const reasons = new Map<string, number>();
  for (const s of skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  const why = [...reasons].map(([reason, n]) => `${n} ${reason.replace('_', ' ')}`).join(', ');
  return invalidArgument(
    `No document among the ${count} source files can be taught from (${why}); add Markdown or text files`,
  );
}

async function inventory(
  ctx: StageContext,
  g: CourseGenerator,
  sources: SourceFile[],
): Promise<StageOutput> {
  const bytes = sources.reduce((n, s) => n + s.bytes.length, 0);
  await ctx.progress(5, `Reading ${sources.length} source files (${bytes} bytes)`, true);
  const manifest = sources.map((s) => ({
    path: s.path,
    sha256: createHash('sha256').update(s.bytes).digest('hex'),
  }));
  const output = unitHash('inventory', { generator: generatorId(g), manifest });
  const summary = (o: InventoryOutput) => ({
    documents: o.documents.length,
    skipped: o.skipped.length,
  });
  if ((await ctx.existing([output])).has(output)) {
    ctx.reused += 1;
    return { output, summary: summary(await ctx.unit<InventoryOutput>(output)) };
  }
  const result = g.inventory(sources);
  if (result.documents.length === 0) throw nothingToTeach(sources.length, result.skipped);
  const texts = result.documents.map((d) => ({
    doc: d,
    hash: unitHash('document', { path: d.path, content_hash: d.content_hash }),
  }));
  const have = await ctx.existing(texts.map((t) => t.hash));
  await ctx.ensureAlive();
  await ctx.storeCopies(
    texts
      .filter((t) => !have.has(t.hash))
      .map((t) => ({ hash: t.hash, kind: 'document', result: t.doc })),
  );
  ctx.reused += have.size;
  const out: InventoryOutput = {
    documents: texts.map(({ doc, hash }) => ({
      document_id: doc.document_id,
      path: doc.path,
      content_hash: doc.content_hash,
      text: hash,
    })),
    skipped: result.skipped,
  };
  await ctx.storeUnit(output, 'inventory', out);
  await ctx.progress(
    95,
    `Selected ${out.documents.length} documents, skipped ${out.skipped.length} files`,
    true,
  );
  return { output, summary: summary(out) };
}

async function analysis(ctx: StageContext, g: CourseGenerator): Promise<StageOutput> {
  const inv = await ctx.unit<InventoryOutput>(await ctx.outputOf('stage1'));
  const units = inv.documents.map((d, i) => ({
    ...d,
    index: i,
    hash: unitHash('analysis', {
      generator: generatorId(g),
      path: d.path,
      content_hash: d.content_hash,
    }),
  }));
  const plan = planUnits(units, await ctx.existing(units.map((u) => u.hash)));
  ctx.reused += plan.reuse.length;
  const total = units.length;
  // Documents are read and their checkpoints written a batch at a time (one round trip each);
  // every analysis is still its own checkpoint, stored as soon as it is computed.
  for (let from = 0; from < plan.compute.length; from += ANALYSIS_BATCH) {
    const batch = plan.compute.slice(from, from + ANALYSIS_BATCH);
    const texts = await ctx.unitsOf<SelectedDocument>(batch.map((u) => u.text));
    const writes: Promise<void>[] = [];
    let failure: { error: unknown } | null = null;
    try {
      for (const [i, unit] of batch.entries()) {
        const step = `Analyzing file ${unit.index + 1} of ${total}: ${unit.path}`;
        await ctx.progress(unitProgress(from + i, plan.compute.length), step, from + i === 0);
        const analysis = g.analyse(texts.get(unit.text) as SelectedDocument);
        writes.push(ctx.storeUnit(unit.hash, 'analysis', analysis));
      }
    } catch (error) {
      failure = { error };
    }
    // Whatever was computed before a failure is stored first: a retry starts after it.
    const rejected = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
    if (failure) throw failure.error;
    if (rejected) throw rejected.reason;
  }
  await ctx.progress(96, 'Weighing key terms across the corpus', true);
  const analyses = await ctx.unitsOf<DocumentAnalysis>(units.map((u) => u.hash));
  const output = unitHash('terms', {
    generator: generatorId(g),
    analyses: units.map((u) => u.hash),
  });
  if (!(await ctx.existing([output])).has(output)) {
    const terms = g.keyTerms(units.map((u) => analyses.get(u.hash) as DocumentAnalysis));
    const out: TermsOutput = {
      documents: units.map((u) => ({
        document_id: u.document_id,
        path: u.path,
        analysis: u.hash,
        text: u.text,
      })),
      terms: Object.fromEntries(terms),
    };
    await ctx.storeUnit(output, 'terms', out);
  }
  const words = [...analyses.values()].reduce((n, a) => n + a.word_count, 0);
  return { output, summary: { documents: total, words } };
}

async function outline(ctx: StageContext, g: CourseGenerator): Promise<StageOutput> {
  const termsHash = await ctx.outputOf('stage2');
  const output = unitHash('outline', {
    generator: generatorId(g),
    terms: termsHash,
    outline: ctx.project.outline,
  });
  const summary = (p: CoursePlan) => ({
    modules: p.modules.length,
    unplaced_documents: p.unplaced.length,
  });
  if ((await ctx.existing([output])).has(output)) {
    ctx.reused += 1;
    return { output, summary: summary(await ctx.unit<CoursePlan>(output)) };
  }
  await ctx.progress(10, 'Reading the document analyses', true);
  const terms = await ctx.unit<TermsOutput>(termsHash);
  const analyses = await ctx.unitsOf<DocumentAnalysis>(terms.documents.map((d) => d.analysis));
  await ctx.progress(50, 'Ordering modules', true);
  const plan = await g.outline(
    terms.documents.map((d) => analyses.get(d.analysis) as DocumentAnalysis),
    new Map(Object.entries(terms.terms)),
    ctx.project.outline,
  );
  await ctx.storeUnit(output, 'outline', plan);
  return { output, summary: summary(plan) };
}

async function content(ctx: StageContext, g: CourseGenerator): Promise<StageOutput> {
  const termsHash = await ctx.outputOf('stage2');
  const [terms, plan] = [
    await ctx.unit<TermsOutput>(termsHash),
    await ctx.unit<CoursePlan>(await ctx.outputOf('stage3')),
  ];
  const byId = new Map(terms.documents.map((d) => [d.document_id, d]));
  const modules = plan.modules.map((module, index) => {
    const docs = module.documents.map((id) => byId.get(id) as TermsOutput['documents'][number]);
    // The module's key terms, strongest first: they order its quiz when the draft is assembled.
    const ranking = module.documents
      .flatMap((id) => terms.terms[id] ?? [])
      .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
      .map((t) => t.term);
    const hash = unitHash('content', {
      generator: generatorId(g),
      module,
      analyses: docs.map((d) => d.analysis),
    });
    return { module, index, docs, ranking, hash };
  });
  const work = planUnits(modules, await ctx.existing(modules.map((m) => m.hash)));
  ctx.reused += work.reuse.length;
  for (const [done, m] of work.compute.entries()) {
    await ctx.progress(
      unitProgress(done, work.compute.length) * 0.9,
      `Writing module ${m.index + 1} of ${modules.length}: ${m.module.title}`,
      done === 0,
    );
    const analyses = await ctx.unitsOf<DocumentAnalysis>(m.docs.map((d) => d.analysis));
    const texts = await ctx.unitsOf<SelectedDocument>(m.docs.map((d) => d.text));
    const documents: ContentDocument[] = m.docs.map((d) => ({
      text: (texts.get(d.text) as SelectedDocument).text,
      analysis: analyses.get(d.analysis) as DocumentAnalysis,
    }));
    const content = await g.moduleContent(m.module, documents);
    // A stem whose quote is not in its document could not be checked later: it is dropped.
    const byDocument = new Map(documents.map((d) => [d.analysis.document_id, d.text]));
    const quoted = (stem: QuizStem) =>
      stemMatchesSource(stem, byDocument.get(stem.source.document_id) ?? '');
    const stems = content.stems.filter(quoted);
    const model = content.model_stems?.filter(quoted);
    await ctx.storeUnit(m.hash, 'content', {
      ...content,
      stems,
      ...(model ? { model_stems: model } : {}),
    });
  }
  await ctx.progress(85, 'Assembling quizzes', true);
  const contents = await ctx.unitsOf<ModuleContent>(modules.map((m) => m.hash));
  const pool = Object.values(terms.terms).flatMap((ts) => ts.map((t) => t.term));
  const rankings = Object.fromEntries(modules.map((m) => [m.module.module_key, m.ranking]));
  const output = unitHash('draft', {
    generator: generatorId(g),
    contents: modules.map((m) => m.hash),
    pool,
    rankings,
  });
  // Assembly is cheap and deterministic, so the draft is not a checkpoint: storing a course of
  // thousands of resources would cost more than assembling it again.
  const assembled = g.assemble(
    modules.map((m) => contents.get(m.hash) as ModuleContent),
    pool,
    rankings,
  );
  const { draft, granularity } = fitDraft(assembled, (d) =>
    toCatalogDraft(ctx.courseId, ctx.project, d),
  );
  if (granularity === 'documents')
    await ctx.progress(
      88,
      'Too large for one article per section: writing one article per document',
      true,
    );
  const resources = draft.modules.flatMap((m) => m.resources);
  const questions = resources.reduce((n, r) => n + (r.type === 'quiz' ? r.questions.length : 0), 0);
  return {
    output,
    summary: {
      modules: draft.modules.length,
      resources: resources.length,
      questions,
      granularity,
    },
    draft,
  };
}

export type StageWork = (
  ctx: StageContext,
  g: CourseGenerator,
  sources: () => Promise<SourceFile[]>,
) => Promise<StageOutput>;

export const stageWork: Record<StageId, StageWork> = {
  stage1: async (ctx, g, sources) => inventory(ctx, g, await sources()),
  stage2: (ctx, g) => analysis(ctx, g),
  stage3: (ctx, g) => outline(ctx, g),
  stage4: (ctx, g) => content(ctx, g),
};
