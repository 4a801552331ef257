import LineBreaker from 'linebreak';

/**
 * Text layout for the certificate, independent of any PDF library: split text into runs by the
 * font that can draw each character, break it into lines where Unicode allows (UAX #14, so CJK
 * breaks between ideographs and Latin between words), and pick the largest size at which a
 * block fits its box. Nothing is ever drawn past its box: a block that cannot fit at the
 * smallest size is an error, never an overflow.
 */

export interface Measurer<F> {
  /** The font that draws this grapheme cluster, or null when none can. */
  fontFor(cluster: string): F | null;
  width(font: F, text: string, size: number): number;
}

export interface Run<F> {
  font: F;
  text: string;
  width: number;
}

export interface Line<F> {
  runs: Run<F>[];
  width: number;
}

export interface Box {
  maxWidth: number;
  maxHeight: number;
  maxSize: number;
  minSize: number;
  /** Line advance as a multiple of the font size. */
  lineHeight: number;
}

export interface FittedBlock<F> {
  size: number;
  lines: Line<F>[];
  height: number;
}

export class UnsupportedCharactersError extends Error {
  constructor(readonly characters: string[]) {
    super(`No embedded font can draw: ${characters.join(' ')}`);
    this.name = 'UnsupportedCharactersError';
  }
}

export class TextOverflowError extends Error {
  constructor(text: string, box: Box) {
    super(
      `"${text.slice(0, 40)}…" does not fit ${box.maxWidth}×${box.maxHeight} pt even at ${box.minSize} pt`,
    );
    this.name = 'TextOverflowError';
  }
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

export function clusters(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

/** Characters no font needs a glyph for (joiners, variation selectors): never the reason a font is unfit. */
export function isDefaultIgnorable(codePoint: number): boolean {
  return (
    codePoint === 0x200b ||
    codePoint === 0x200c ||
    codePoint === 0x200d ||
    codePoint === 0x2060 ||
    codePoint === 0xfeff ||
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f) ||
    (codePoint >= 0xe0100 && codePoint <= 0xe01ef)
  );
}

/** The grapheme clusters of `text` that no font can draw, each once. */
export function unsupportedClusters<F>(text: string, measurer: Measurer<F>): string[] {
  return [...new Set(clusters(text).filter((c) => measurer.fontFor(c) === null))];
}

/** Consecutive clusters drawn by the same font, measured at `size`. */
export function runs<F>(text: string, measurer: Measurer<F>, size: number): Run<F>[] {
  const out: { font: F; text: string }[] = [];
  let previous: F | null = null;
  for (const cluster of clusters(text)) {
    // Spaces stay with the font before them, so mixed-script names keep few runs.
    let font: F | null = /^\s+$/u.test(cluster) && previous !== null ? previous : null;
    font ??= measurer.fontFor(cluster);
    if (font === null) throw new UnsupportedCharactersError([cluster]);
    const last = out[out.length - 1];
    if (last && last.font === font) last.text += cluster;
    else out.push({ font, text: cluster });
    previous = font;
  }
  return out.map((r) => ({ ...r, width: measurer.width(r.font, r.text, size) }));
}

/** Widths at 1 pt per measurer: width scales with size, so fitting tries sizes without re-measuring. */
const unitWidths = new WeakMap<object, Map<string, number>>();

function widthOf<F>(text: string, measurer: Measurer<F>, size: number): number {
  let cache = unitWidths.get(measurer);
  if (!cache) {
    cache = new Map();
    unitWidths.set(measurer, cache);
  }
  let unit = cache.get(text);
  if (unit === undefined) {
    unit = runs(text, measurer, 1).reduce((sum, r) => sum + r.width, 0);
    cache.set(text, unit);
  }
  return unit * size;
}

function toLine<F>(text: string, measurer: Measurer<F>, size: number): Line<F> {
  const parts = runs(text.trimEnd(), measurer, size);
  return { runs: parts, width: parts.reduce((sum, r) => sum + r.width, 0) };
}

/**
 * Greedy line filling over UAX #14 break opportunities; a piece wider than a line (a long word,
 * a URL) breaks between graphemes. Widths add up piece by piece: the PDF advances glyph by glyph
 * without kerning, so a line is as wide as its pieces.
 */
export function wrap<F>(
  text: string,
  measurer: Measurer<F>,
  size: number,
  maxWidth: number,
): Line<F>[] {
  const lines: string[] = [];
  let current = '';
  let currentWidth = 0;
  const flush = () => {
    if (current.trim() !== '') lines.push(current);
    current = '';
    currentWidth = 0;
  };
  const breaker = new LineBreaker(text);
  let start = 0;
  for (let brk = breaker.nextBreak(); brk !== null; brk = breaker.nextBreak()) {
    const piece = text.slice(start, brk.position);
    start = brk.position;
    const inked = widthOf(piece.trimEnd(), measurer, size);
    if (current !== '' && currentWidth + inked > maxWidth) flush();
    if (current === '' && inked > maxWidth) {
      for (const cluster of clusters(piece)) {
        const w = widthOf(cluster, measurer, size);
        if (current !== '' && currentWidth + (/^\s+$/u.test(cluster) ? 0 : w) > maxWidth) flush();
        if (current === '' && /^\s+$/u.test(cluster)) continue;
        current += cluster;
        currentWidth += w;
      }
    } else {
      current += piece;
      currentWidth += widthOf(piece, measurer, size);
    }
    if (brk.required) flush();
  }
  flush();
  return lines.map((line) => toLine(line, measurer, size));
}

/** The largest size, in whole points from `maxSize` down, at which `text` fits the box. */
export function fitBlock<F>(text: string, measurer: Measurer<F>, box: Box): FittedBlock<F> {
  const missing = unsupportedClusters(text, measurer);
  if (missing.length > 0) throw new UnsupportedCharactersError(missing);
  for (let size = box.maxSize; size >= box.minSize; size -= 1) {
    const lines = wrap(text, measurer, size, box.maxWidth);
    const height = lines.length * size * box.lineHeight;
    if (height <= box.maxHeight && lines.every((l) => l.width <= box.maxWidth)) {
      return { size, lines, height };
    }
  }
  throw new TextOverflowError(text, box);
}
