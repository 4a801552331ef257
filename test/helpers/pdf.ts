import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/**
 * Poppler (pdftotext, pdfdetach, pdffonts, pdftoppm) reads the certificates back: a PDF
 * implementation independent of pdf-lib, so the tests check what other readers see.
 */

const run = promisify(execFile);

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Poppler {
  words(): Promise<Word[]>;
  /** The page text, words joined by single spaces in reading order. */
  text(): Promise<string>;
  fonts(): Promise<{ name: string; embedded: boolean; subset: boolean; unicode: boolean }[]>;
  attachments(): Promise<Map<string, Buffer>>;
  /** The page (or the region `crop`, in points from the top left) as a grayscale image. */
  raster(dpi: number, crop?: Crop): Promise<PNG>;
  /** What a QR scanner reads off the page (or the region `crop`) rendered at `dpi`. */
  qr(dpi: number, crop?: Crop): Promise<string | null>;
  close(): Promise<void>;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export async function poppler(bytes: Uint8Array): Promise<Poppler> {
  const dir = await mkdtemp(join(tmpdir(), 'pathwise-cert-'));
  const pdf = join(dir, 'certificate.pdf');
  await writeFile(pdf, bytes);
  const api: Poppler = {
    async words() {
      const { stdout } = await run('pdftotext', ['-bbox', pdf, '-'], { maxBuffer: 1 << 24 });
      const words: Word[] = [];
      const pattern =
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
      for (const m of stdout.matchAll(pattern)) {
        words.push({
          xMin: Number(m[1]),
          yMin: Number(m[2]),
          xMax: Number(m[3]),
          yMax: Number(m[4]),
          text: (m[5] as string).replace(/&(\w+);/g, (_, e: string) => entities[e] ?? `&${e};`),
        });
      }
      return words;
    },
    async text() {
      return (await api.words()).map((w) => w.text).join(' ');
    },
    async fonts() {
      const { stdout } = await run('pdffonts', [pdf]);
      return stdout
        .split('\n')
        .slice(2)
        .filter((line) => line.trim() !== '')
        .map((line) => {
          const cols = line.trim().split(/\s+/);
          // name type... encoding emb sub uni object ID: the flags are fixed from the end.
          const [emb, sub, uni] = cols.slice(-5, -2);
          return {
            name: cols[0] as string,
            embedded: emb === 'yes',
            subset: sub === 'yes',
            unicode: uni === 'yes',
          };
        });
    },
    async attachments() {
      const out = join(dir, 'attachments');
      await run('mkdir', ['-p', out]);
      await run('pdfdetach', ['-saveall', '-o', out, pdf]);
      const files = new Map<string, Buffer>();
      for (const name of await readdir(out)) files.set(name, await readFile(join(out, name)));
      return files;
    },
    async raster(dpi, crop) {
      const base = join(dir, `page-${dpi}-${crop ? Object.values(crop).join('-') : 'full'}`);
      const px = (pt: number) => String(Math.round((pt * dpi) / 72));
      const region = crop
        ? ['-x', px(crop.x), '-y', px(crop.y), '-W', px(crop.width), '-H', px(crop.height)]
        : [];
      await run('pdftoppm', [
        '-r',
        String(dpi),
        ...region,
        '-png',
        '-gray',
        '-singlefile',
        pdf,
        base,
      ]);
      return PNG.sync.read(await readFile(`${base}.png`));
    },
    async qr(dpi, crop) {
      const image = await api.raster(dpi, crop);
      // The gray PNG decodes to RGBA, which is what jsQR reads.
      const found = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
      return found?.data ?? null;
    },
    async close() {
      await rm(dir, { recursive: true, force: true });
    },
  };
  return api;
}

/** Share of dark pixels inside a word's box on a page rendered at `dpi`. */
export function ink(image: PNG, word: Word, dpi: number): number {
  const scale = dpi / 72;
  let dark = 0;
  let total = 0;
  for (let y = Math.floor(word.yMin * scale); y < Math.ceil(word.yMax * scale); y += 1) {
    for (let x = Math.floor(word.xMin * scale); x < Math.ceil(word.xMax * scale); x += 1) {
      const value = image.data[(y * image.width + x) * 4] as number;
      total += 1;
      if (value < 128) dark += 1;
    }
  }
  return total === 0 ? 0 : dark / total;
}
