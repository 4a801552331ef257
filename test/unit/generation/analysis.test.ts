import { analyseDocument } from '../../../shared/generation/analysis';
import { takeInventory } from '../../../shared/generation/inventory';
import { readFixture, utf8 } from './fixture';

const documentOf = (path: string, text: string) => {
  const doc = takeInventory([{ path, bytes: utf8(text) }]).documents[0];
  if (!doc) throw new Error('not selected');
  return doc;
};

describe('analyseDocument', () => {
  const doc = documentOf(
    'docs/guide.md',
    [
      '# Guide',
      '',
      'Intro paragraph about caching layers.',
      '',
      '## Install',
      '',
      'Run the installer with care.',
      '',
      '```bash',
      'npm install cache',
      'npm test',
      '```',
      '',
      '#### Deep detail',
      '',
      'Detail text stays in Install.',
      '',
      '## Use',
      '',
      '- a list item',
      '',
      'Caching layers speed reads.',
      '',
    ].join('\n'),
  );
  const analysis = analyseDocument(doc);

  it('splits sections at headings down to level 3, with offsets into the text', () => {
    expect(analysis.title).toBe('Guide');
    expect(analysis.sections.map((s) => [s.heading, s.level])).toEqual([
      ['Guide', 1],
      ['Install', 2],
      ['Use', 2],
    ]);
    for (const s of analysis.sections) {
      expect(doc.text.slice(s.start)).toMatch(new RegExp(`^#+ ${s.heading}`));
    }
    const install = analysis.sections[1];
    expect(doc.text.slice(install?.start, install?.end)).toContain('Detail text stays in Install.');
    expect(analysis.headings.map((h) => h.text)).toEqual([
      'Guide',
      'Install',
      'Deep detail',
      'Use',
    ]);
  });

  it('records code blocks with their language and keeps code out of words and terms', () => {
    const block = analysis.sections[1]?.code_blocks[0];
    expect(block).toMatchObject({ language: 'bash', line_count: 2 });
    expect(doc.text.slice(block?.start, block?.end)).toBe(
      '```bash\nnpm install cache\nnpm test\n```',
    );
    expect(analysis.term_counts.npm).toBeUndefined();
    expect(analysis.term_counts['caching layers']).toBe(2);
  });

  it('cites top-level paragraphs only, by their exact range', () => {
    const paragraphs = analysis.sections.flatMap((s) =>
      s.paragraphs.map((p) => doc.text.slice(p.start, p.end)),
    );
    expect(paragraphs).toEqual([
      'Intro paragraph about caching layers.',
      'Run the installer with care.',
      'Detail text stays in Install.',
      'Caching layers speed reads.',
    ]);
  });

  it('counts words and rounds reading time up, at least a minute', () => {
    expect(analysis.word_count).toBe(analysis.sections.reduce((n, s) => n + s.word_count, 0));
    expect(analysis.reading_minutes).toBe(1);
    const long = analyseDocument(documentOf('long.md', `# Long\n\n${'word '.repeat(401)}`));
    expect(long.reading_minutes).toBe(3);
  });

  it('treats plain text as one section of paragraphs titled after the file', () => {
    const text = analyseDocument(
      documentOf('notes/02-caching-basics.txt', 'First para.\n\n\nSecond para.\n'),
    );
    expect(text.title).toBe('Caching basics');
    expect(text.sections).toHaveLength(1);
    expect(text.sections[0]?.paragraphs.map((p) => p.end - p.start)).toEqual([11, 12]);
  });

  it('names a README after its folder when it has no level-1 heading', () => {
    expect(analyseDocument(documentOf('docs/setup-guide/README.md', 'Some words.')).title).toBe(
      'Setup guide',
    );
  });

  it('is deterministic on the fixture repository', () => {
    const docs = takeInventory(readFixture()).documents;
    expect(docs.map(analyseDocument)).toEqual(docs.map(analyseDocument));
  });
});
