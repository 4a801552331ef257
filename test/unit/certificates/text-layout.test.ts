import {
  clusters,
  fitBlock,
  runs,
  TextOverflowError,
  unsupportedClusters,
  UnsupportedCharactersError,
  wrap,
  type Measurer,
} from '../../../shared/certificates/text-layout';

/**
 * A fake font set with simple metrics, so line breaking and fitting can be checked exactly:
 * "latin" draws ASCII and Latin letters at 0.5 em, "cjk" draws Han and kana at 1 em, nothing
 * draws Arabic.
 */
type Font = 'latin' | 'cjk';
const measurer: Measurer<Font> = {
  fontFor: (cluster) => {
    const cp = cluster.codePointAt(0) as number;
    if (cp >= 0x0600 && cp <= 0x06ff) return null;
    if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x4e00 && cp <= 0x9fff)) return 'cjk';
    return 'latin';
  },
  width: (font, text, size) => clusters(text).length * size * (font === 'cjk' ? 1 : 0.5),
};
const lines = (text: string, size: number, maxWidth: number) =>
  wrap(text, measurer, size, maxWidth).map((l) => l.runs.map((r) => r.text).join(''));

describe('clusters', () => {
  it('keeps combining marks and emoji sequences together', () => {
    expect(clusters('Zoe\u0308')).toEqual(['Z', 'o', 'e\u0308']);
    expect(clusters('👩‍💻a')).toEqual(['👩‍💻', 'a']);
  });
});

describe('runs', () => {
  it('groups consecutive clusters by font; spaces stay with the font before them', () => {
    const result = runs('Li 李雷 Lei', measurer, 10);
    expect(result.map((r) => [r.font, r.text, r.width])).toEqual([
      ['latin', 'Li ', 15],
      ['cjk', '李雷 ', 30],
      ['latin', 'Lei', 15],
    ]);
  });

  it('refuses a cluster no font draws', () => {
    expect(() => runs('محمد', measurer, 10)).toThrow(UnsupportedCharactersError);
    expect(unsupportedClusters('Ali محمد', measurer)).toEqual(['م', 'ح', 'د']);
  });
});

describe('wrap', () => {
  it('breaks between words and drops the spaces at line ends', () => {
    // 5 pt per Latin character at 10 pt: 60 pt holds 12 characters.
    expect(lines('Ada Lovelace Byron King', 10, 60)).toEqual(['Ada Lovelace', 'Byron King']);
  });

  it('breaks after hyphens, as Unicode allows', () => {
    expect(lines('Konstantinopoulou-Wolfe', 10, 100)).toEqual(['Konstantinopoulou-', 'Wolfe']);
  });

  it('breaks between ideographs, which have no spaces', () => {
    expect(lines('李雷李雷李雷李雷', 10, 30)).toEqual(['李雷李', '雷李雷', '李雷']);
  });

  it('splits a word longer than a line between graphemes', () => {
    expect(lines('W'.repeat(25), 10, 50)).toEqual(['W'.repeat(10), 'W'.repeat(10), 'W'.repeat(5)]);
    expect(lines(`Ab ${'e\u0301'.repeat(12)}`, 10, 50)).toEqual([
      'Ab',
      'e\u0301'.repeat(10),
      'e\u0301'.repeat(2),
    ]);
  });

  it('reports each line with its width, never above the limit', () => {
    for (const line of wrap('Maria-Alexandra de la Santísima Trinidad 李雷', measurer, 13, 120)) {
      expect(line.width).toBeLessThanOrEqual(120);
      expect(line.width).toBe(line.runs.reduce((sum, r) => sum + r.width, 0));
    }
  });
});

describe('fitBlock', () => {
  const box = { maxWidth: 100, maxHeight: 40, maxSize: 20, minSize: 8, lineHeight: 1.25 };

  it('keeps the largest size when the text fits', () => {
    const fitted = fitBlock('李雷', measurer, box);
    expect(fitted.size).toBe(20);
    expect(fitted.lines).toHaveLength(1);
    expect(fitted.height).toBe(25);
  });

  it('shrinks until the wrapped text fits the box height', () => {
    // Eight four-letter words: at 11 pt (5.5 pt a character) three words fit a line, three lines
    // need 41.25 pt; at 10 pt four words fit, and two lines need 25 pt.
    const fitted = fitBlock('abcd efgh ijkl mnop qrst uvwx yzab cdef', measurer, box);
    expect(fitted.size).toBe(10);
    expect(fitted.lines).toHaveLength(2);
    expect(fitted.height).toBeLessThanOrEqual(box.maxHeight);
  });

  it('refuses to overflow when even the smallest size does not fit', () => {
    expect(() => fitBlock('x'.repeat(500), measurer, box)).toThrow(TextOverflowError);
  });

  it('names the characters it cannot draw', () => {
    expect(() => fitBlock('Ali محمد', measurer, box)).toThrow(/No embedded font can draw: م ح د/);
  });
});
