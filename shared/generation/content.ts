import type { DocumentAnalysis, Section } from './analysis';
import type { PlannedModule } from './course-outline';
import { shortId } from './hash';
import { findStems, selectQuestions, type QuizItem, type QuizStem, type SourceSpan } from './quiz';

/**
 * Turns planned modules into course material: an article per section with prose, an exercise per
 * code block, and a quiz per module. A module's articles, exercises and quiz stems are one
 * checkpointed unit (they depend on the module's documents and key terms only); distractors come
 * from the whole corpus and are chosen when the draft is assembled, which is cheap.
 */
export interface ContentDocument {
  text: string;
  analysis: DocumentAnalysis;
}

export interface GeneratedResource {
  key: string;
  type: 'article' | 'exercise';
  title: string;
  description: string;
  duration_minutes: number;
  source: SourceSpan;
}

export interface ModuleContent {
  module_key: string;
  title: string;
  resources: GeneratedResource[];
  stems: QuizStem[];
  /** Questions a model wrote, each quoting its source: asked before `stems` when they hold. */
  model_stems?: QuizStem[];
}

export interface DraftQuiz {
  key: string;
  type: 'quiz';
  title: string;
  duration_minutes: number;
  questions: QuizItem[];
}

export interface DraftModule {
  module_key: string;
  title: string;
  duration_minutes: number;
  resources: (GeneratedResource | DraftQuiz)[];
}

export interface Draft {
  modules: DraftModule[];
}

const WORDS_PER_MINUTE = 200;
const MIN_ARTICLE_WORDS = 15;
const MIN_EXERCISE_LINES = 2;
const EXERCISE_MINUTES = 5;
const QUESTIONS_PER_QUIZ = 5;
/** Key terms are at most eight per document; a module's candidates cover them with room. */
const CANDIDATE_TERMS = 40;
const MINUTES_PER_QUESTION = 1;
/** The catalog's description limit is 5000; room is left for the source line. */
export const MAX_BODY = 4700;
const MAX_TITLE = 200;

export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('\n', max);
  return `${text.slice(0, cut > max / 2 ? cut : max).trimEnd()}\n…`;
}

function title(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= MAX_TITLE ? line : `${line.slice(0, MAX_TITLE - 1)}…`;
}

function cite(doc: DocumentAnalysis, start: number, end: number): SourceSpan {
  return { document_id: doc.document_id, path: doc.path, start, end };
}

function sectionResources(doc: ContentDocument, section: Section): GeneratedResource[] {
  const { analysis, text } = doc;
  const out: GeneratedResource[] = [];
  if (section.word_count >= MIN_ARTICLE_WORDS) {
    const body = clip(text.slice(section.start, section.end), MAX_BODY);
    out.push({
      key: shortId('art', section.section_id),
      type: 'article',
      title: title(section.heading),
      description: `${body}\n\nSource: ${analysis.path}`,
      duration_minutes: Math.max(1, Math.ceil(section.word_count / WORDS_PER_MINUTE)),
      source: cite(analysis, section.start, section.end),
    });
  }
  section.code_blocks.forEach((block, i) => {
    if (block.line_count < MIN_EXERCISE_LINES) return;
    const language = block.language ?? 'text';
    const fence = '```';
    const code = clip(block.code.trimEnd(), MAX_BODY - 300);
    out.push({
      key: shortId('ex', section.section_id, String(i)),
      type: 'exercise',
      title: title(`Exercise: ${section.heading} (${language})`),
      description:
        `Work through this ${language} example from ${analysis.path}: run it, change one part ` +
        `and predict the result before you run it again.\n\n${fence}${block.language ?? ''}\n${code}\n${fence}`,
      duration_minutes: EXERCISE_MINUTES,
      source: cite(analysis, block.start, block.end),
    });
  });
  return out;
}

/** A module's candidate answers: terms its own documents use at least twice, most used first. */
export function candidateTerms(docs: DocumentAnalysis[]): string[] {
  const counts = new Map<string, number>();
  for (const doc of docs)
    for (const [term, n] of Object.entries(doc.term_counts))
      counts.set(term, (counts.get(term) ?? 0) + n);
  return [...counts]
    .filter(([, n]) => n >= 2)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .slice(0, CANDIDATE_TERMS)
    .map(([term]) => term);
}

/**
 * One module's checkpointed unit: its articles, exercises and quiz stems for its candidate
 * terms. It reads nothing but the module's documents, so a change elsewhere never recomputes it.
 */
export function buildModuleContent(module: PlannedModule, docs: ContentDocument[]): ModuleContent {
  const resources = docs.flatMap((doc) =>
    doc.analysis.sections.flatMap((section) => sectionResources(doc, section)),
  );
  const stems = findStems(
    module.module_key,
    docs.map((d) => ({
      document_id: d.analysis.document_id,
      path: d.analysis.path,
      text: d.text,
      paragraphs: d.analysis.sections.flatMap((s) => s.paragraphs),
    })),
    candidateTerms(docs.map((d) => d.analysis)),
  );
  return { module_key: module.module_key, title: module.title, resources, stems };
}

/**
 * The draft course from the modules' units: each module's quiz asks about its key terms in
 * corpus (TF-IDF) order, `rankings[module_key]`, with distractors from the corpus pool, and keeps
 * at most five grounded questions; a module without two such questions has no quiz. Module
 * durations are the sums of their resources'.
 */
export function assembleDraft(
  contents: ModuleContent[],
  pool: string[],
  rankings: Record<string, string[]>,
): Draft {
  const sortedPool = [...new Set(pool)].sort();
  return {
    modules: contents.map((content) => {
      const ranking = rankings[content.module_key] ?? [];
      const questions = selectQuestions(
        content.stems,
        ranking,
        sortedPool,
        QUESTIONS_PER_QUIZ,
        content.model_stems,
      );
      const quiz: DraftQuiz[] =
        questions.length >= 2
          ? [
              {
                key: shortId('quiz', content.module_key),
                type: 'quiz',
                title: title(`Quiz: ${content.title}`),
                duration_minutes: questions.length * MINUTES_PER_QUESTION,
                questions,
              },
            ]
          : [];
      const resources = [...content.resources, ...quiz];
      return {
        module_key: content.module_key,
        title: content.title,
        duration_minutes: resources.reduce((n, r) => n + r.duration_minutes, 0),
        resources,
      };
    }),
  };
}
