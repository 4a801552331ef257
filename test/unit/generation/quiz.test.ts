import {
  BLANK,
  checkGrounding,
  completeQuestion,
  findStems,
  occurrences,
  plainText,
  selectQuestions,
  sentences,
  stemMatchesSource,
  type QuizDocument,
} from '../../../shared/generation/quiz';

const text = [
  'A **commit** stores a snapshot of the staged files with an author.',
  'Every commit points to its parent commit, forming a chain of snapshots.',
  '',
  'The staging area holds the changes that the next commit will contain.',
  'The staging area also holds the changes that the next commit will contain!',
  'A branch is a movable pointer that advances with every new commit.',
].join('\n');
const doc: QuizDocument = {
  document_id: 'doc-1',
  path: 'docs/commits.md',
  text,
  paragraphs: [
    { start: 0, end: text.indexOf('\n\n') },
    { start: text.indexOf('\n\n') + 2, end: text.length },
  ],
};
const pool = [
  'remote',
  'fetch',
  'rebase',
  'merge',
  'branch',
  'commits',
  'staging area',
  'hidden directory',
  'version control',
];

describe('sentences and plainText', () => {
  it('splits a paragraph into sentences with offsets into the document', () => {
    const spans = sentences(text, doc.paragraphs[0] as { start: number; end: number });
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual([
      'A **commit** stores a snapshot of the staged files with an author.',
      'Every commit points to its parent commit, forming a chain of snapshots.',
    ]);
  });

  it('shows Markdown as a reader sees it', () => {
    expect(plainText('Use `git add` and [the docs](https://x.y) &amp; **care**.')).toBe(
      'Use git add and the docs & care.',
    );
  });

  it('finds whole words and phrases only', () => {
    expect(occurrences('The commits of a commit', 'commit')).toHaveLength(1);
    expect(occurrences('staging, area or staging area', 'staging area')).toHaveLength(1);
  });
});

describe('findStems, completeQuestion and selectQuestions', () => {
  const stems = findStems('mod-1', [doc], ['commit', 'staging area', 'branch', 'snapshot']);
  const first = (term: string) => stems.find((s) => s.answer === term);

  it('blanks each term out of sentences that hold it exactly once, in teaching order', () => {
    expect(first('commit')?.prompt).toBe(
      `Fill in the blank: A ${BLANK} stores a snapshot of the staged files with an author.`,
    );
    expect(stems.filter((s) => s.answer === 'staging area').map((s) => s.prompt)).toEqual([
      `Fill in the blank: The ${BLANK} holds the changes that the next commit will contain.`,
      `Fill in the blank: The ${BLANK} also holds the changes that the next commit will contain!`,
    ]);
    // "snapshot" occurs once in the first sentence only; "snapshots" is another word.
    expect(stems.filter((s) => s.answer === 'snapshot')).toHaveLength(1);
  });

  it('keeps at most three sentences per term', () => {
    const many = findStems('m', [doc], ['commit']);
    expect(many.length).toBeLessThanOrEqual(3);
    expect(findStems('m', [doc], ['commit'], 1)).toHaveLength(1);
  });

  it('cites the exact sentence of the source for every stem', () => {
    for (const stem of stems) {
      expect(text.slice(stem.source.start, stem.source.end)).toBe(stem.cited);
      expect(stemMatchesSource(stem, text)).toBe(true);
    }
  });

  it('tells a stem whose quote is not where it says (as a model might claim)', () => {
    const stem = first('commit')!;
    const moved = { ...stem, source: { ...stem.source, start: stem.source.start + 1 } };
    expect(stemMatchesSource({ ...stem, cited: 'A commit stores everything.' }, text)).toBe(false);
    expect(stemMatchesSource(moved, text)).toBe(false);
  });

  it('completes questions whose options are never also right and whose key is grounded', () => {
    const items = ['commit', 'staging area', 'branch'].map((t) =>
      completeQuestion(first(t)!, pool)!,
    );
    for (const item of items) {
      expect(checkGrounding(item, text)).toEqual([]);
      expect(item.options).toHaveLength(4);
      expect(new Set(item.options).size).toBe(4);
      const cited = plainText(text.slice(item.source.start, item.source.end));
      for (const option of item.options.filter((o) => o !== item.answer))
        expect(occurrences(cited, option)).toEqual([]);
    }
    // "commits" shares its stem with the answer "commit": half right, so never offered.
    expect(items[0]?.options).not.toContain('commits');
  });

  it('is deterministic, and a new pool term moves only the questions it now outranks in', () => {
    const before = stems.map((s) => completeQuestion(s, pool));
    expect(stems.map((s) => completeQuestion(s, [...pool].reverse()))).toEqual(before);
    const grown = stems.map((s) => completeQuestion(s, [...pool, 'tag']));
    const changed = grown.filter((q, i) => JSON.stringify(q) !== JSON.stringify(before[i]));
    for (const q of changed) expect(q?.options).toContain('tag');
  });

  it('gives up on a stem with fewer than two usable distractors', () => {
    expect(completeQuestion(first('commit')!, ['commits', 'snapshot'])).toBeNull();
  });

  it('asks about terms in ranking order, one question a term, never twice about nearly one sentence', () => {
    const quiz = selectQuestions(stems, ['staging area', 'branch', 'commit', 'snapshot'], pool, 10);
    expect(quiz.map((q) => q.answer)).toEqual(['staging area', 'branch', 'commit']);
    // "snapshot"'s only sentence is the one already asked about for "commit".
    expect(selectQuestions(stems, ['commit', 'snapshot'], pool, 10).map((q) => q.answer)).toEqual([
      'commit',
    ]);
    expect(selectQuestions(stems, ['branch', 'commit', 'staging area'], pool, 2)).toHaveLength(2);
  });

  it('asks preferred stems (a model’s) first, then ranked terms it has not asked about', () => {
    const branch = stems.find((s) => s.answer === 'branch')!;
    const preferred = {
      ...branch,
      question_id: 'qm-1',
      prompt: 'What advances with every commit?',
    };
    const quiz = selectQuestions(stems, ['branch', 'staging area'], pool, 10, [preferred]);
    expect(quiz.map((q) => [q.question_id, q.answer])).toEqual([
      ['qm-1', 'branch'],
      [expect.stringMatching(/^q-/), 'staging area'],
    ]);
    expect(checkGrounding(quiz[0]!, text)).toEqual([]);
    const revealing = { ...preferred, prompt: 'Which branch moves along?' };
    expect(selectQuestions(stems, ['branch'], pool, 10, [revealing])[0]!.question_id).not.toBe(
      'qm-1',
    );
  });
});

describe('checkGrounding', () => {
  const stem = findStems('mod-1', [doc], ['branch'], 1)[0]!;
  const item = completeQuestion(stem, pool)!;

  it('accepts the generated item', () => {
    expect(checkGrounding(item, text)).toEqual([]);
  });

  it('rejects a key that points at another option', () => {
    const wrong = { ...item, answer_index: (item.answer_index + 1) % item.options.length };
    expect(checkGrounding(wrong, text)).toContain('the answer key does not point at the answer');
  });

  it('rejects an answer its cited span does not contain', () => {
    const other = text.indexOf('The staging area holds');
    const moved = { ...item, source: { ...item.source, start: other, end: other + 40 } };
    expect(checkGrounding(moved, text)).toEqual(
      expect.arrayContaining(['the cited span does not contain the answer']),
    );
  });

  it('rejects an answer that is not the blanked word, even if the span has it', () => {
    const swapped = {
      ...item,
      answer: 'pointer',
      options: item.options.map((o) => (o === 'branch' ? 'pointer' : o)),
    };
    expect(checkGrounding(swapped, text)).toContain(
      'the question is not the cited sentence with its answer blanked',
    );
  });

  it('rejects a distractor that also fits the cited span', () => {
    const i = item.answer_index === 0 ? 1 : 0;
    const options = item.options.map((o, k) => (k === i ? 'pointer' : o));
    expect(checkGrounding({ ...item, options }, text)).toContain(
      `option ${i} (pointer) also fits the cited span`,
    );
  });

  it('rejects a question in its own words that gives its answer away', () => {
    const asked = { ...item, prompt: 'Which branch is a movable pointer?' };
    expect(checkGrounding(asked, text)).toEqual(['the question gives its answer away']);
    expect(checkGrounding({ ...item, prompt: 'What is a movable pointer?' }, text)).toEqual([]);
  });

  it('rejects a span outside the document', () => {
    const outside = { ...item, source: { ...item.source, end: text.length + 5 } };
    expect(checkGrounding(outside, text)).toEqual([
      `cited span ${item.source.start}-${text.length + 5} is not inside the document`,
    ]);
  });
});
