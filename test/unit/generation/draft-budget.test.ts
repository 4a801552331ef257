import { toCatalogDraft } from '../../../shared/generation/catalog-draft';
import {
  assembleDraft,
  buildModuleContent,
  type Draft,
  type GeneratedResource,
} from '../../../shared/generation/content';
import { planCourse } from '../../../shared/generation/course-outline';
import { CatalogBudget, fitDraft, measureDraft } from '../../../shared/generation/draft-budget';
import { analysed } from './pipeline-fixture';

function fixtureDraft() {
  const { analyses, terms, byId } = analysed();
  const plan = planCourse(analyses, terms, null);
  const contents = plan.modules.map((m) =>
    buildModuleContent(
      m,
      m.documents.map((id) => ({ text: byId.get(id)!.doc.text, analysis: byId.get(id)!.analysis })),
    ),
  );
  const pool = [...terms.values()].flat().map((t) => t.term);
  const rankings = Object.fromEntries(
    plan.modules.map((m) => [
      m.module_key,
      m.documents.flatMap((id) => terms.get(id) ?? []).map((t) => t.term),
    ]),
  );
  const texts = new Map([...byId].map(([id, v]) => [id, v.doc.text]));
  return { draft: assembleDraft(contents, pool, rankings), texts };
}

const toCatalog = (d: Draft) => toCatalogDraft('course-1', { title: 'Git', description: null }, d);
const taught = (d: Draft) =>
  d.modules.flatMap((m) => m.resources).filter((r): r is GeneratedResource => r.type !== 'quiz');

describe('fitting a draft to one pathway', () => {
  const { draft, texts } = fixtureDraft();
  const full = measureDraft(toCatalog(draft));

  it('keeps a draft that fits as it is, one article per section', () => {
    const fitted = fitDraft(draft, toCatalog);
    expect(fitted.granularity).toBe('sections');
    expect(fitted.draft).toBe(draft);
    expect(fitted.size).toEqual(full);
    expect(full.outline_bytes).toBeLessThan(CatalogBudget.outlineBytes);
  });

  describe('when the outline would not fit', () => {
    const budget = { outlineBytes: full.outline_bytes - 1 };
    const fitted = fitDraft(draft, toCatalog, budget);
    const before = taught(draft);
    const after = taught(fitted.draft);

    it('writes one article per document and at most one exercise per document', () => {
      expect(fitted.granularity).toBe('documents');
      const documents = new Set(before.map((r) => r.source.document_id));
      const articles = after.filter((r) => r.type === 'article');
      expect(articles.map((r) => r.source.document_id).sort()).toEqual(
        [
          ...new Set(before.filter((r) => r.type === 'article').map((r) => r.source.document_id)),
        ].sort(),
      );
      const exercises = after.filter((r) => r.type === 'exercise').map((r) => r.source.document_id);
      expect(new Set(exercises).size).toBe(exercises.length);
      expect(after.length).toBeLessThan(before.length);
      expect(documents.size).toBeGreaterThan(0);
      expect(fitted.size.outline_bytes).toBeLessThanOrEqual(budget.outlineBytes);
    });

    it('joins a document’s sections in order, cites their whole range and sums their reading time', () => {
      for (const article of after.filter((r) => r.type === 'article')) {
        const parts = before.filter(
          (r) => r.type === 'article' && r.source.document_id === article.source.document_id,
        );
        expect(article.source.start).toBe(parts[0]!.source.start);
        expect(article.source.end).toBe(parts.at(-1)!.source.end);
        expect(article.duration_minutes).toBe(parts.reduce((n, r) => n + r.duration_minutes, 0));
        const text = texts.get(article.source.document_id)!;
        expect(
          article.description.startsWith(text.slice(parts[0]!.source.start, parts[0]!.source.end)),
        ).toBe(true);
        expect(article.description.endsWith(`Source: ${article.source.path}`)).toBe(true);
      }
    });

    it('keeps every quiz and module durations that add up', () => {
      const quizzes = (d: Draft) =>
        d.modules.flatMap((m) => m.resources.filter((r) => r.type === 'quiz'));
      expect(quizzes(fitted.draft)).toEqual(quizzes(draft));
      for (const m of fitted.draft.modules)
        expect(m.duration_minutes).toBe(m.resources.reduce((n, r) => n + r.duration_minutes, 0));
    });
  });

  it('fails with the figures and the remedy when even one article per document is too large', () => {
    const budget = { outlineBytes: 2_000 };
    expect(() => fitDraft(draft, toCatalog, budget)).toThrow(
      /too large for one pathway: its \d+ documents make \d+ resources even at one article per document, an outline of \d+ bytes where a pathway holds 2000; give the project an outline that selects at most about \d+ documents/,
    );
  });
});
