import { countTerms, keyTerms, stem, words } from '../../../shared/generation/terms';

describe('countTerms', () => {
  it('counts words and adjacent pairs, never across punctuation or stop words', () => {
    expect(countTerms('The staging area, staging data. Its area is big.')).toEqual({
      staging: 2,
      area: 2,
      'staging area': 1,
      data: 1,
      'staging data': 1,
      big: 1,
    });
  });

  it('skips numbers and short words', () => {
    expect(countTerms('v2 is 42 ok go')).toEqual({});
  });
});

describe('words', () => {
  it('returns each word with its offsets', () => {
    const text = 'Hello, brave world';
    expect(words(text).map((w) => text.slice(w.start, w.end))).toEqual(['Hello', 'brave', 'world']);
  });
});

describe('keyTerms', () => {
  const corpus: { document_id: string; term_counts: Record<string, number> }[] = [
    { document_id: 'a', term_counts: { commit: 5, git: 4, snapshot: 3, once: 1 } },
    { document_id: 'b', term_counts: { branch: 4, git: 4, commit: 2, 'branch pointer': 4 } },
    { document_id: 'c', term_counts: { remote: 3, git: 3, fetch: 3 } },
  ];
  const ranked = keyTerms(corpus, 3);

  it('ranks a document’s own terms above those every document uses', () => {
    expect(ranked.get('a')?.map((t) => t.term)).toEqual(['commit', 'snapshot', 'git']);
    expect(ranked.get('c')?.map((t) => t.term)).toEqual(['fetch', 'remote', 'git']);
  });

  it('prefers a phrase over a word it covers, and never keeps a term seen once', () => {
    expect(ranked.get('b')?.map((t) => t.term)).toEqual(['branch pointer', 'git', 'commit']);
    expect([...ranked.values()].flat().some((t) => t.term === 'once')).toBe(false);
  });

  it('breaks ties on the term, so the ranking does not depend on input order', () => {
    const reversed = keyTerms(
      corpus.map((d) => ({
        ...d,
        term_counts: Object.fromEntries(Object.entries(d.term_counts).reverse()),
      })),
      3,
    );
    expect(reversed).toEqual(ranked);
  });
});

describe('stem', () => {
  it('folds plural and verb forms onto one stem', () => {
    expect(['commit', 'commits'].map(stem)).toEqual(['commit', 'commit']);
    expect(['branches', 'branching'].map(stem)).toEqual(['branch', 'branch']);
    expect(stem('class')).toBe('class');
  });
});
