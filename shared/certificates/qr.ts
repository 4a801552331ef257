import QRCode from 'qrcode';

/**
 * The QR code's module matrix as horizontal runs of dark modules. The PDF draws each run as one
 * filled rectangle: vector output stays sharp at any zoom or print resolution, costs a few
 * hundred bytes instead of an embedded image, and needs no PNG encoder.
 */

export interface QrRun {
  row: number;
  col: number;
  length: number;
}

export interface QrRuns {
  /** Modules per side, quiet zone excluded. */
  size: number;
  runs: QrRun[];
}

/** Medium error correction (15 %) survives the creases and smudges of a printed page. */
export function qrRuns(text: string): QrRuns {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const runs: QrRun[] = [];
  for (let row = 0; row < modules.size; row += 1) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col += 1;
      runs.push({ row, col: start, length: col - start });
    }
  }
  return { size: modules.size, runs };
}
