import { eng } from 'stopword';

/**
 * Key terms, by TF-IDF over the project's corpus. Counting is per document (so it is checkpointed
 * with the document's analysis); weighting needs the whole corpus and is cheap, so it runs after
 * every document is counted. Terms are lowercased single words and two-word phrases without a
 * stop word; ties break on the term itself, so the ranking is deterministic.
 */
// The package's English list is short (108 words); these are the function words it lacks.
const stop = new Set([
  ...eng,
  ...`its it's when which then than there these those their them they into onto within without
  upon over under between each every some such other others another both either neither can
  could would should shall will may might must use used uses using one two three first second
  also see get gets got set like make makes made new way need needs example examples thing
  things just only very much many more most less least well even still yet here what where who
  whom whose why how does did done doing has have having had being been was were is are am`.split(
    /\s+/,
  ),
]);

/** A crude English stem: enough to tell that `commit` and `commits` are one answer. */
export function stem(word: string): string {
  const w = word.toLowerCase();
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('es')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}
const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

export interface WordToken {
  word: string;
  start: number;
  end: number;
}

/** The words of a text with their offsets (Unicode word boundaries, as ICU defines them). */
export function words(text: string): WordToken[] {
  const out: WordToken[] = [];
  for (const s of wordSegmenter.segment(text)) {
    if (s.isWordLike)
      out.push({ word: s.segment, start: s.index, end: s.index + s.segment.length });
  }
  return out;
}

export function isTermWord(word: string): boolean {
  const w = word.toLowerCase();
  return w.length >= 3 && /^\p{L}[\p{L}\p{N}_-]*$/u.test(w) && !stop.has(w);
}

/** Counts a text's candidate terms: single words, and adjacent pairs of them. */
export function countTerms(
  text: string,
  into: Record<string, number> = {},
): Record<string, number> {
  let previous: WordToken | null = null;
  for (const token of words(text)) {
    if (!isTermWord(token.word)) {
      previous = null;
      continue;
    }
    const word = token.word.toLowerCase();
    into[word] = (into[word] ?? 0) + 1;
    // Only words with nothing but spaces between them form a phrase.
    if (previous && /^ +$/.test(text.slice(previous.end, token.start))) {
      const pair = `${previous.word.toLowerCase()} ${word}`;
      into[pair] = (into[pair] ?? 0) + 1;
    }
    previous = token;
  }
  return into;
}

export interface WeightedTerm {
  term: string;
  weight: number;
}

/**
 * The top terms of each document by TF-IDF: term frequency (relative to the document's largest
 * count) times log(1 + N / document frequency). Phrases get a small boost because a two-word term
 * is more specific. A term that occurs once in a document is too weak to be key.
 */
export function keyTerms(
  corpus: ReadonlyArray<{ document_id: string; term_counts: Record<string, number> }>,
  perDocument: number,
): Map<string, WeightedTerm[]> {
  const df = new Map<string, number>();
  for (const doc of corpus)
    for (const term of Object.keys(doc.term_counts)) df.set(term, (df.get(term) ?? 0) + 1);
  const n = corpus.length;
  const result = new Map<string, WeightedTerm[]>();
  for (const doc of corpus) {
    const counts = Object.entries(doc.term_counts);
    const max = Math.max(1, ...counts.map(([, c]) => c));
    const weighted = counts
      .filter(([, count]) => count >= 2)
      .map(([term, count]) => {
        const idf = Math.log(1 + n / (df.get(term) ?? 1));
        const phrase = term.includes(' ') ? 1.5 : 1;
        return { term, weight: round((count / max) * idf * phrase) };
      })
      .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1));
    result.set(doc.document_id, dropCovered(weighted).slice(0, perDocument));
  }
  return result;
}

/** A word that only occurs inside a stronger phrase adds nothing: keep the phrase. */
function dropCovered(terms: WeightedTerm[]): WeightedTerm[] {
  const kept: WeightedTerm[] = [];
  for (const t of terms) {
    const covered = kept.some(
      (k) => k.term.includes(' ') && k.term.split(' ').includes(t.term) && k.weight >= t.weight,
    );
    if (!covered) kept.push(t);
  }
  return kept;
}

/** Weights are rounded so that float noise never reorders terms between runs or machines. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
