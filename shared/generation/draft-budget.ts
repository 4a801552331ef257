import type { CatalogDraft } from '../catalog/draft-import';
import { outlineResource } from '../catalog/outline';
import { documentSize, MAX_DOCUMENT_BYTES } from '../platform/document-size';
import { payloadTooLarge } from '../errors';
import { clip, MAX_BODY, type Draft, type DraftModule, type GeneratedResource } from './content';
import { shortId } from './hash';

/**
 * Fits a generated draft to what the catalog can hold. The draft becomes one pathway whose
 * denormalised outline lives in one document (every progress rollup reads only that document;
 * the resources themselves are written in batches, so their size is not bounded here). A
 * repository of thousands of documents at one article per section overflows it, so the draft is
 * coarsened to one article and at most one exercise per document; a repository too large even
 * for that fails with the figures and the remedy (an author outline that selects fewer
 * documents) instead of a course silently missing material.
 */
export type Granularity = 'sections' | 'documents';

export interface DraftBudget {
  /** Bytes the outline may take in the pathway document (the rest: title, description, staff). */
  outlineBytes: number;
}

export const CatalogBudget: DraftBudget = { outlineBytes: MAX_DOCUMENT_BYTES - 128 * 1024 };

export interface DraftSize {
  resources: number;
  outline_bytes: number;
}

/** What the draft's outline takes in the pathway document, built as DraftImport builds it. */
export function measureDraft(draft: CatalogDraft): DraftSize {
  let resources = 0;
  const modules = draft.modules.map((m) => ({
    module_id: m.id,
    title: m.title,
    required_count: null,
    resources: m.resources.map((r) => {
      resources += 1;
      return outlineResource({ ...r, required: true, requires_upload: false });
    }),
  }));
  return { resources, outline_bytes: documentSize('pathways/x', { outline: { modules } }) };
}

const fits = (size: DraftSize, budget: DraftBudget) => size.outline_bytes <= budget.outlineBytes;

const withoutSourceLine = (r: GeneratedResource) =>
  r.description.replace(`\n\nSource: ${r.source.path}`, '');

/** One article from a document's section articles: their text in order, clipped. */
function documentArticle(parts: GeneratedResource[]): GeneratedResource {
  const first = parts[0] as GeneratedResource;
  const last = parts[parts.length - 1] as GeneratedResource;
  const body = clip(parts.map(withoutSourceLine).join('\n\n'), MAX_BODY);
  return {
    key: shortId('doc', first.source.document_id),
    type: 'article',
    title: first.title,
    description: `${body}\n\nSource: ${first.source.path}`,
    duration_minutes: parts.reduce((n, r) => n + r.duration_minutes, 0),
    source: { ...first.source, end: last.source.end },
  };
}

/** A module with one article per document (its sections joined) and its first exercise. */
function byDocument(module: DraftModule): DraftModule {
  const articles = new Map<string, GeneratedResource[]>();
  const exercised = new Set<string>();
  const resources: DraftModule['resources'] = [];
  for (const r of module.resources) {
    if (r.type === 'quiz') continue;
    const doc = r.source.document_id;
    if (r.type === 'article') {
      if (!articles.has(doc)) {
        articles.set(doc, []);
        resources.push(r);
      }
      articles.get(doc)?.push(r);
    } else if (!exercised.has(doc)) {
      exercised.add(doc);
      resources.push(r);
    }
  }
  const folded = resources.map((r) =>
    r.type === 'article' ? documentArticle(articles.get(r.source.document_id) ?? [r]) : r,
  );
  const quiz = module.resources.filter((r) => r.type === 'quiz');
  const all = [...folded, ...quiz];
  return {
    ...module,
    resources: all,
    duration_minutes: all.reduce((n, r) => n + r.duration_minutes, 0),
  };
}

export interface FittedDraft {
  draft: Draft;
  granularity: Granularity;
  size: DraftSize;
}

/**
 * The finest draft that fits the budget. `toCatalog` turns a draft into what the catalog
 * writes, so sizes are measured on the documents themselves rather than guessed.
 */
export function fitDraft(
  draft: Draft,
  toCatalog: (d: Draft) => CatalogDraft,
  budget: DraftBudget = CatalogBudget,
): FittedDraft {
  const sections = measureDraft(toCatalog(draft));
  if (fits(sections, budget)) return { draft, granularity: 'sections', size: sections };
  const coarse = { modules: draft.modules.map(byDocument) };
  const size = measureDraft(toCatalog(coarse));
  if (fits(size, budget)) return { draft: coarse, granularity: 'documents', size };
  const documents = new Set(
    draft.modules.flatMap((m) =>
      m.resources.flatMap((r) => (r.type === 'quiz' ? [] : [r.source.document_id])),
    ),
  ).size;
  // The outline grows about linearly with the documents taught, so this many would fit.
  const fitting = Math.max(
    1,
    Math.floor(((documents * budget.outlineBytes) / size.outline_bytes) * 0.95),
  );
  throw payloadTooLarge(
    `The course is too large for one pathway: its ${documents} documents make ${size.resources} ` +
      `resources even at one article per document, an outline of ${size.outline_bytes} bytes ` +
      `where a pathway holds ${budget.outlineBytes}; give the project an outline that selects ` +
      `at most about ${fitting} documents`,
    [{ path: 'outline', message: `Select at most about ${fitting} documents` }],
  );
}
