import { z } from 'zod';
import { invalidArgument } from '../errors';
import type { DocumentAnalysis } from './analysis';
import { shortId } from './hash';
import type { WeightedTerm } from './terms';

/** An author's outline: modules in order, each with the document paths it teaches. */
export const AuthorOutlineSchema = z.strictObject({
  modules: z
    .array(
      z.strictObject({
        title: z.string().trim().min(1).max(200),
        documents: z.array(z.string().min(1).max(1000)).min(1).max(500),
      }),
    )
    .min(1)
    .max(200),
});
export type AuthorOutline = z.infer<typeof AuthorOutlineSchema>;

export interface PlannedModule {
  module_key: string;
  title: string;
  /** Document ids, in teaching order. */
  documents: string[];
  duration_minutes: number;
}

export interface CoursePlan {
  modules: PlannedModule[];
  /** Selected documents no module teaches (an author outline that leaves them out). */
  unplaced: string[];
}

/** Beyond this many documents in one flat folder, documents are grouped by shared terms. */
const FLAT_LIMIT = 12;
const MAX_GROUP = 8;
const SIMILARITY = 0.1;
const EXERCISE_MINUTES = 5;
const QUIZ_MINUTES = 5;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

const isReadme = (d: DocumentAnalysis) => /(^|\/)(readme|index)\.[^/]+$/i.test(d.path);

/** README and index files open their folder; the rest follow in natural order (2 before 10). */
function compareDocs(a: DocumentAnalysis, b: DocumentAnalysis): number {
  const lead = (d: DocumentAnalysis) => (isReadme(d) ? 0 : 1);
  return lead(a) - lead(b) || collator.compare(a.path, b.path) || (a.path < b.path ? -1 : 1);
}

function duration(docs: DocumentAnalysis[]): number {
  const exercises = docs.reduce(
    (n, d) => n + d.sections.reduce((m, s) => m + s.code_blocks.length, 0),
    0,
  );
  const reading = docs.reduce((n, d) => n + d.reading_minutes, 0);
  return reading + exercises * EXERCISE_MINUTES + QUIZ_MINUTES;
}

function humanise(dir: string): string {
  const text =
    dir
      .replace(/^\d+[-_. ]*/, '')
      .replace(/[-_]+/g, ' ')
      .trim() || dir;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function module(key: string, title: string, docs: DocumentAnalysis[]): PlannedModule {
  return {
    module_key: shortId('mod', key),
    title,
    documents: docs.map((d) => d.document_id),
    duration_minutes: duration(docs),
  };
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  for (const [term, w] of a) dot += w * (b.get(term) ?? 0);
  const norm = (v: Map<string, number>) =>
    Math.sqrt([...v.values()].reduce((s, w) => s + w * w, 0));
  const denominator = norm(a) * norm(b);
  return denominator === 0 ? 0 : dot / denominator;
}

/** Consecutive documents that share key terms stay together, at most MAX_GROUP per module. */
function clusterByTerms(docs: DocumentAnalysis[], terms: Map<string, WeightedTerm[]>) {
  const groups: DocumentAnalysis[][] = [];
  let centroid = new Map<string, number>();
  for (const doc of docs) {
    const vector = new Map((terms.get(doc.document_id) ?? []).map((t) => [t.term, t.weight]));
    const last = groups[groups.length - 1];
    if (last && last.length < MAX_GROUP && cosine(centroid, vector) >= SIMILARITY) {
      last.push(doc);
      for (const [t, w] of vector) centroid.set(t, (centroid.get(t) ?? 0) + w);
    } else {
      groups.push([doc]);
      centroid = new Map(vector);
    }
  }
  return groups;
}

/**
 * Groups documents by the first folder below the folder all of them share: files at the root
 * form their own group, and so do files directly in the shared folder.
 */
function groupByFolders(docs: DocumentAnalysis[]): Map<string, DocumentAnalysis[]> {
  const dirsOf = (d: DocumentAnalysis) => d.path.split('/').slice(0, -1);
  const nested = docs.map(dirsOf).filter((dirs) => dirs.length > 0);
  let depth = 0;
  const first = nested[0] ?? [];
  while (
    depth < first.length &&
    nested.every((dirs) => dirs.length > depth + 1 && dirs[depth] === first[depth])
  )
    depth += 1;
  const groups = new Map<string, DocumentAnalysis[]>();
  for (const doc of docs) {
    const dirs = dirsOf(doc);
    const key = dirs.length === 0 ? '' : dirs.slice(0, Math.min(depth + 1, dirs.length)).join('/');
    groups.set(key, [...(groups.get(key) ?? []), doc]);
  }
  return groups;
}

function derivedPlan(docs: DocumentAnalysis[], terms: Map<string, WeightedTerm[]>): CoursePlan {
  const groups = groupByFolders(docs);
  const modules: PlannedModule[] = [];
  const keys = [...groups.keys()].sort((a, b) =>
    a === '' ? -1 : b === '' ? 1 : collator.compare(a, b),
  );
  for (const key of keys) {
    const members = (groups.get(key) ?? []).sort(compareDocs);
    if (groups.size === 1 && members.length > 1) {
      // One flat folder: its structure says nothing, so documents (or their term clusters) lead.
      const clusters =
        members.length <= FLAT_LIMIT ? members.map((d) => [d]) : clusterByTerms(members, terms);
      for (const cluster of clusters) {
        const first = cluster[0] as DocumentAnalysis;
        modules.push(module(first.path, first.title, cluster));
      }
      continue;
    }
    const first = members[0] as DocumentAnalysis;
    const title =
      key === '' || isReadme(first) ? first.title : humanise(key.split('/').pop() ?? key);
    modules.push(module(key === '' ? '(root)' : key, title, members));
  }
  return { modules, unplaced: [] };
}

function authorPlan(docs: DocumentAnalysis[], outline: AuthorOutline): CoursePlan {
  const byPath = new Map(docs.map((d) => [d.path, d]));
  const placed = new Set<string>();
  const details: { path: string; message: string }[] = [];
  const modules = outline.modules.map((m, i) => {
    const members: DocumentAnalysis[] = [];
    m.documents.forEach((path, j) => {
      const doc = byPath.get(path);
      if (!doc)
        details.push({
          path: `outline.modules.${i}.documents.${j}`,
          message: `${path} is not a selected document`,
        });
      else if (placed.has(path))
        details.push({
          path: `outline.modules.${i}.documents.${j}`,
          message: `${path} is already in an earlier module`,
        });
      else {
        placed.add(path);
        members.push(doc);
      }
    });
    return module(`author:${i}:${m.title}`, m.title, members);
  });
  const first = details[0];
  if (first)
    throw invalidArgument(
      `The author outline does not match the sources: ${first.path}: ${first.message}`,
      details,
    );
  return { modules, unplaced: docs.filter((d) => !placed.has(d.path)).map((d) => d.document_id) };
}

/**
 * The course's modules. An author's outline is followed exactly (order, titles, membership) and
 * a path it names that is not a selected document fails the stage with the path. Without one,
 * modules follow the folders; a single flat folder becomes one module per document, or clusters
 * of related documents when there are many.
 */
export function planCourse(
  analyses: DocumentAnalysis[],
  terms: Map<string, WeightedTerm[]>,
  outline: AuthorOutline | null,
): CoursePlan {
  const docs = [...analyses].sort(compareDocs);
  return outline ? authorPlan(docs, outline) : derivedPlan(docs, terms);
}
