import { createHash } from 'node:crypto';
import MarkdownIt from 'markdown-it';
import type { Span } from './analysis';
import { shortId } from './hash';
import { stem, words, type WordToken } from './terms';

/**
 * Grounded quiz questions. Each question blanks a key term out of one sentence of the sources;
 * the sentence is the question's cited span, so the answer key can be checked against the text
 * it came from. Distractors are other key terms of the corpus that do not occur in that sentence
 * (so none of them is also right), chosen by rendezvous hashing so that a change elsewhere in the
 * corpus moves only the questions whose chosen distractors it touched.
 */
export interface SourceSpan extends Span {
  document_id: string;
  path: string;
}

export interface QuizItem {
  question_id: string;
  prompt: string;
  options: string[];
  answer_index: number;
  answer: string;
  source: SourceSpan;
}

export interface QuizDocument {
  document_id: string;
  path: string;
  text: string;
  /** Prose paragraphs in teaching order. */
  paragraphs: Span[];
}

export const BLANK = '_____';
const PROMPT_PREFIX = 'Fill in the blank: ';
const MIN_WORDS = 6;
const MAX_WORDS = 45;
const NEAR_DUPLICATE = 0.5;
const DISTRACTORS = 3;

const md = new MarkdownIt({ html: false });
const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** A span's prose as a reader sees it: inline Markdown rendered, tags and spacing removed. */
export function plainText(markdown: string): string {
  return md
    .renderInline(markdown)
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The sentences of a paragraph with their offsets in the document. */
export function sentences(text: string, paragraph: Span): Span[] {
  const body = text.slice(paragraph.start, paragraph.end);
  const out: Span[] = [];
  for (const s of sentenceSegmenter.segment(body)) {
    const trimmed = s.segment.trimEnd();
    if (trimmed.trim() === '') continue;
    const lead = trimmed.length - trimmed.trimStart().length;
    out.push({
      start: paragraph.start + s.index + lead,
      end: paragraph.start + s.index + trimmed.length,
    });
  }
  return out;
}

/** Where the term's words stand in the text as consecutive words; every occurrence. */
export function occurrences(text: string, term: string): Span[] {
  return occurrencesIn(text, words(text), term);
}

/** The same, over words already split (a sentence is tested against many terms). */
function occurrencesIn(text: string, tokens: WordToken[], term: string): Span[] {
  const target = term.toLowerCase().split(' ');
  const found: Span[] = [];
  for (let i = 0; i + target.length <= tokens.length; i += 1) {
    if (tokens[i]?.word.toLowerCase() !== target[0]) continue;
    const run = tokens.slice(i, i + target.length);
    const same = run.every((t, k) => t.word.toLowerCase() === target[k]);
    const joined = run.every(
      (t, k) => k === 0 || /^ +$/.test(text.slice((run[k - 1] as Span).end, t.start)),
    );
    if (same && joined)
      found.push({ start: (run[0] as Span).start, end: (run.at(-1) as Span).end });
  }
  return found;
}

function rank(seed: string, value: string): string {
  return createHash('sha256').update(`${seed}\u0000${value}`).digest('hex');
}

function wordSet(text: string): Set<string> {
  return new Set(words(text).map((w) => w.word.toLowerCase()));
}

function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** Distractors for one question: the highest-ranked pool terms that cannot also be right. */
/**
 * The sentence's words and adjacent word pairs, lowercased: a term found here may fit the blank.
 * Pairs ignore what separates the words, so this errs on the side of leaving a term out.
 */
function termsIn(sentence: string): Set<string> {
  const tokens = words(sentence).map((w) => w.word.toLowerCase());
  return new Set([...tokens, ...tokens.slice(1).map((w, i) => `${tokens[i]} ${w}`)]);
}

function distractors(questionId: string, answer: string, sentence: string, pool: string[]) {
  // A distractor sharing a word stem with the answer (commit, commits) would be half right.
  const answerStems = new Set(answer.split(' ').map(stem));
  const present = termsIn(sentence);
  const usable = pool.filter(
    (t) => t !== answer && !present.has(t) && !t.split(' ').some((w) => answerStems.has(stem(w))),
  );
  const arity = answer.split(' ').length;
  return usable
    .map((term) => ({
      term,
      // Same word count first: a two-word answer among one-word options gives itself away.
      key: `${term.split(' ').length === arity ? 0 : 1}${rank(questionId, term)}`,
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, DISTRACTORS)
    .map((d) => d.term);
}

/** A question before its distractors: a key term blanked out of one cited sentence. */
export interface QuizStem {
  question_id: string;
  answer: string;
  prompt: string;
  source: SourceSpan;
  /** The cited span's raw text, so the finished question can be checked without the document. */
  cited: string;
}

/**
 * Finds, for each term, up to `perTerm` sentences in teaching order that contain it exactly once
 * and are statements of reasonable length: a stem each. Depends only on the module's documents
 * and its candidate terms, so it is checkpointed with the module; which stems become questions
 * depends on the corpus and is decided by `selectQuestions`.
 */
export function findStems(
  moduleKey: string,
  docs: QuizDocument[],
  terms: string[],
  perTerm = 3,
): QuizStem[] {
  const candidates = docs.flatMap((doc) =>
    doc.paragraphs.flatMap((p) =>
      sentences(doc.text, p).flatMap((span) => {
        const cited = doc.text.slice(span.start, span.end);
        const plain = plainText(cited);
        const tokens = words(plain);
        const n = tokens.length;
        const usable = n >= MIN_WORDS && n <= MAX_WORDS && /[.!]$/.test(plain);
        return usable ? [{ doc, span, cited, plain, tokens }] : [];
      }),
    ),
  );
  return terms.flatMap((term) =>
    candidates
      .filter((c) => occurrencesIn(c.plain, c.tokens, term).length === 1)
      .slice(0, perTerm)
      .map((hit) => {
        const at = occurrencesIn(hit.plain, hit.tokens, term)[0] as Span;
        return {
          question_id: shortId('q', moduleKey, hit.doc.document_id, String(hit.span.start), term),
          answer: term,
          prompt: `${PROMPT_PREFIX}${hit.plain.slice(0, at.start)}${BLANK}${hit.plain.slice(at.end)}`,
          source: { document_id: hit.doc.document_id, path: hit.doc.path, ...hit.span },
          cited: hit.cited,
        };
      }),
  );
}

/**
 * A quiz of up to `count` questions: first the `preferred` stems in their order (a model's
 * questions), then terms in `ranking` order (strongest first), each asked about its first
 * sentence that is not a near-duplicate of one already asked about and that completes with
 * distractors from `pool`. One question per answer: a preferred stem that fails its checks
 * leaves its place to the ranked stems.
 */
export function selectQuestions(
  stems: QuizStem[],
  ranking: string[],
  pool: string[],
  count: number,
  preferred: QuizStem[] = [],
): QuizItem[] {
  const byTerm = new Map<string, QuizStem[]>();
  for (const stem of stems) byTerm.set(stem.answer, [...(byTerm.get(stem.answer) ?? []), stem]);
  const items: QuizItem[] = [];
  const used: Set<string>[] = [];
  const answered = new Set<string>();
  const ask = (stem: QuizStem): boolean => {
    if (items.length >= count || answered.has(stem.answer.toLowerCase())) return false;
    const set = wordSet(plainText(stem.cited));
    if (used.some((u) => similarity(u, set) >= NEAR_DUPLICATE)) return false;
    const item = completeQuestion(stem, pool);
    if (!item) return false;
    items.push(item);
    used.push(set);
    answered.add(stem.answer.toLowerCase());
    return true;
  };
  for (const stem of preferred) ask(stem);
  for (const term of new Set(ranking)) {
    if (items.length >= count) break;
    for (const stem of byTerm.get(term) ?? []) if (ask(stem)) break;
  }
  return items;
}

/**
 * Completes a stem with distractors from the corpus pool; null when fewer than two usable
 * distractors exist or the finished question would not be grounded in its span.
 */
export function completeQuestion(stem: QuizStem, pool: string[]): QuizItem | null {
  const plain = plainText(stem.cited);
  const others = distractors(stem.question_id, stem.answer, plain, pool);
  if (others.length < 2) return null;
  const options = [stem.answer, ...others].sort((a, b) =>
    rank(stem.question_id, a) < rank(stem.question_id, b) ? -1 : 1,
  );
  const item: QuizItem = {
    question_id: stem.question_id,
    prompt: stem.prompt,
    options,
    answer_index: options.indexOf(stem.answer),
    answer: stem.answer,
    source: stem.source,
  };
  return groundingProblems(item, stem.cited).length === 0 ? item : null;
}

/** Whether a stem quotes its document exactly where it says: what any generator must ensure. */
export function stemMatchesSource(stem: QuizStem, documentText: string): boolean {
  return documentText.slice(stem.source.start, stem.source.end) === stem.cited;
}

/** Why an item is not supported by its cited span in the document (empty when it is). */
export function checkGrounding(item: QuizItem, documentText: string): string[] {
  const { start, end } = item.source;
  const inside =
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    0 <= start &&
    start < end &&
    end <= documentText.length;
  if (!inside) return [`cited span ${start}-${end} is not inside the document`];
  return groundingProblems(item, documentText.slice(start, end));
}

/**
 * The key must name the answer, the cited text must contain the answer exactly once, a
 * fill-in-the-blank prompt must be that text with the answer blanked (any other prompt must not
 * contain the answer), and no other option may occur in the cited text.
 */
function groundingProblems(item: QuizItem, cited: string): string[] {
  const problems: string[] = [];
  if (item.options[item.answer_index] !== item.answer)
    problems.push('the answer key does not point at the answer');
  const span = plainText(cited);
  const hits = occurrences(span, item.answer);
  if (hits.length === 0) problems.push('the cited span does not contain the answer');
  if (hits.length > 1) problems.push('the cited span contains the answer more than once');
  if (item.prompt.startsWith(PROMPT_PREFIX)) {
    const filled = item.prompt.slice(PROMPT_PREFIX.length).replace(BLANK, item.answer);
    if (filled.toLowerCase() !== span.toLowerCase())
      problems.push('the question is not the cited sentence with its answer blanked');
  } else if (occurrences(plainText(item.prompt), item.answer).length > 0) {
    // A question in its own words (a model's) may be asked, as long as it does not answer itself.
    problems.push('the question gives its answer away');
  }
  item.options.forEach((option, i) => {
    if (i !== item.answer_index && occurrences(span, option).length > 0)
      problems.push(`option ${i} (${option}) also fits the cited span`);
  });
  return problems;
}
