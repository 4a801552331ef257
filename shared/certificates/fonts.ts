import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';
import type { PDFDocument } from 'pdf-lib';
import { clusters, isDefaultIgnorable } from './text-layout';

/**
 * The fonts certificates are drawn with: a fallback chain of TrueType faces shipped in npm
 * packages (Google Fonts' static Noto builds, SIL Open Font License 1.1), tried in order for
 * each grapheme cluster. A face is read and parsed only when a text needs it, so a Latin name
 * never pays for the CJK faces; the PDF embeds a subset of each face it used.
 *
 *   noto-sans     Latin, Greek, Cyrillic (and Vietnamese)           ~0.6 MB per weight
 *   noto-sans-sc  Han ideographs (simplified and traditional), kana  ~10.3 MB per weight
 *   noto-sans-kr  Hangul                                            ~6.0 MB per weight
 *
 * Arabic, Hebrew, Thai, emoji and other scripts are not covered: a name in them fails with
 * UnsupportedCharactersError rather than printing empty boxes. Noto Sans also has Devanagari
 * glyphs, but pdf-lib draws glyph advances without GPOS positioning, so scripts that need
 * mark positioning print imperfectly; text is NFC-normalised so Latin accents are precomposed.
 */

export type FontStyle = 'regular' | 'bold';

type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];

export interface FontFace {
  id: string;
  /** Absolute paths of the TrueType files. */
  files: Record<FontStyle, string>;
}

const fontFile = (path: string) => require.resolve(`@expo-google-fonts/${path}`);

export const FONT_FACES: readonly FontFace[] = [
  {
    id: 'noto-sans',
    files: {
      regular: fontFile('noto-sans/400Regular/NotoSans_400Regular.ttf'),
      bold: fontFile('noto-sans/700Bold/NotoSans_700Bold.ttf'),
    },
  },
  {
    id: 'noto-sans-sc',
    files: {
      regular: fontFile('noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
      bold: fontFile('noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
    },
  },
  {
    id: 'noto-sans-kr',
    files: {
      regular: fontFile('noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf'),
      bold: fontFile('noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf'),
    },
  },
];

/**
 * Font bytes and coverage, loaded on first use and kept: build one per process (composition
 * root) and share it between renders.
 */
export class FontLibrary {
  private readonly bytesCache = new Map<string, Promise<Uint8Array>>();
  private readonly coverageCache = new Map<string, Promise<Font>>();
  private readonly parsed = new WeakMap<Uint8Array, Font>();
  private readonly widths = new WeakMap<Uint8Array, Map<string, number>>();

  /**
   * What to hand pdf-lib's `registerFontkit`: upstream fontkit (foliojs), not `@pdf-lib/fontkit`.
   * That fork predates fontkit 1.8's fix for short `loca` tables: its TrueType subsets of the
   * Noto fonts lose most glyphs (blank letters, text still extractable). Upstream fontkit 2
   * subsets correctly but returns the subset from `encode()` where pdf-lib calls the 1.x
   * `encodeStream()`, so each subset gets that method back.
   *
   * Each font file is parsed once per process and shared by every document: re-reading the
   * layout tables per document tripled the render time. Subsetting, though, runs on a second
   * parse of the file: fontkit caches glyph objects by id together with the code points they
   * were first met with, and subsetting a composite glyph (Greek Ε is built from Latin E)
   * creates its components with none, which would drop those letters from the text layer of
   * every later document laid out with the same font object.
   */
  readonly fontkit: PdfLibFontkit = {
    // fontkit 2's Font is the object pdf-lib's (1.x-era) Fontkit typings describe.
    create: (bytes) => this.parse(bytes) as unknown as ReturnType<PdfLibFontkit['create']>,
  };

  constructor(readonly faces: readonly FontFace[] = FONT_FACES) {
    if (faces.length === 0) throw new Error('A font library needs at least one face');
  }

  private parse(bytes: Uint8Array): Font {
    let font = this.parsed.get(bytes);
    if (!font) {
      font = layoutFont(bytes, createFont(bytes));
      this.parsed.set(bytes, font);
    }
    return font;
  }

  /**
   * The advance width of `text` at 1 pt in the font of `bytes`, computed as pdf-lib does: glyph
   * advances after substitution, no kerning. Shaping is the costly part of a render, so widths
   * are kept across renders (bounded), measured on one parse per font file.
   */
  unitWidth(bytes: Uint8Array, text: string): number {
    const font = this.parse(bytes);
    let cache = this.widths.get(bytes);
    if (!cache || cache.size > 20_000) {
      cache = new Map();
      this.widths.set(bytes, cache);
    }
    let width = cache.get(text);
    if (width === undefined) {
      const { glyphs } = font.layout(text);
      width = glyphs.reduce((sum, g) => sum + g.advanceWidth, 0) / font.unitsPerEm;
      cache.set(text, width);
    }
    return width;
  }

  bytes(face: FontFace, style: FontStyle): Promise<Uint8Array> {
    const path = face.files[style];
    let cached = this.bytesCache.get(path);
    if (!cached) {
      cached = readFile(path).then((buffer) => new Uint8Array(buffer));
      this.bytesCache.set(path, cached);
    }
    return cached;
  }

  /** Glyph coverage comes from the regular weight; the bold files cover the same characters. */
  private coverage(face: FontFace): Promise<Font> {
    let cached = this.coverageCache.get(face.id);
    if (!cached) {
      cached = this.bytes(face, 'regular').then((bytes) => this.parse(bytes));
      this.coverageCache.set(face.id, cached);
    }
    return cached;
  }

  /**
   * Decides the face of every grapheme cluster in `texts`: the first face of the chain that has
   * a glyph for each of its code points. Clusters no face covers map to null.
   */
  async assign(texts: readonly string[]): Promise<Map<string, FontFace | null>> {
    const assignment = new Map<string, FontFace | null>();
    for (const text of texts) {
      for (const cluster of clusters(text)) {
        if (assignment.has(cluster)) continue;
        assignment.set(cluster, await this.faceFor(cluster));
      }
    }
    return assignment;
  }

  private async faceFor(cluster: string): Promise<FontFace | null> {
    const codePoints = Array.from(cluster, (c) => c.codePointAt(0) as number).filter(
      (cp) => !isDefaultIgnorable(cp),
    );
    for (const face of this.faces) {
      const font = await this.coverage(face);
      if (codePoints.every((cp) => font.hasGlyphForCodePoint(cp))) return face;
    }
    return null;
  }

  /** Faces parsed so far: shows that a Latin-only render never loaded a CJK face. */
  loadedFaces(): string[] {
    return [...this.coverageCache.keys()];
  }
}

function createFont(bytes: Uint8Array): Font {
  const parsed = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (!('createSubset' in parsed)) throw new Error('Expected a single font, got a collection');
  return parsed;
}

/** A font for layout whose subsets are cut from `subsetter`, a separate parse of the same file. */
function layoutFont(bytes: Uint8Array, subsetter: Font): Font {
  const font = createFont(bytes);
  font.createSubset = () => {
    const subset = subsetter.createSubset();
    return Object.assign(subset, { encodeStream: () => Readable.from([subset.encode()]) });
  };
  return font;
}
