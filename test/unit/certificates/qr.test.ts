import jsQR from 'jsqr';
import QRCode from 'qrcode';
import { qrRuns } from '../../../shared/certificates/qr';

const URL = 'https://pathwise.example/verify/7K3QX9M2R4TB';

describe('qrRuns', () => {
  it('covers exactly the dark modules of the symbol, run by run', () => {
    const { size, runs } = qrRuns(URL);
    const { modules } = QRCode.create(URL, { errorCorrectionLevel: 'M' });
    expect(size).toBe(modules.size);
    const drawn = new Set<string>();
    for (const run of runs) {
      expect(run.length).toBeGreaterThan(0);
      for (let c = run.col; c < run.col + run.length; c += 1) drawn.add(`${run.row},${c}`);
    }
    for (let r = 0; r < size; r += 1) {
      for (let c = 0; c < size; c += 1) {
        expect(drawn.has(`${r},${c}`)).toBe(modules.get(r, c) === 1);
      }
    }
  });

  it('scans back to the text when drawn with a quiet zone', () => {
    const { size, runs } = qrRuns(URL);
    const scale = 6;
    const side = (size + 8) * scale;
    const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
    for (const run of runs) {
      for (let y = (run.row + 4) * scale; y < (run.row + 5) * scale; y += 1) {
        for (let x = (run.col + 4) * scale; x < (run.col + 4 + run.length) * scale; x += 1) {
          pixels.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
        }
      }
    }
    expect(jsQR(pixels, side, side)?.data).toBe(URL);
  });

  it('merges neighbouring dark modules into one rectangle', () => {
    const { size, runs } = qrRuns(URL);
    // A finder pattern's top edge is seven dark modules in a row.
    expect(runs).toContainEqual({ row: 0, col: 0, length: 7 });
    expect(runs).toContainEqual({ row: 0, col: size - 7, length: 7 });
    expect(runs.length).toBeLessThan(size * size);
  });
});
