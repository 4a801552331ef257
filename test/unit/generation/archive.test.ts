import { zipSync } from 'fflate';
import { readZip } from '../../../shared/generation/archive';
import { utf8 } from './fixture';

describe('readZip', () => {
  it('reads files, drops folders and removes a single wrapping folder', () => {
    const zip = zipSync({
      'repo-main/': new Uint8Array(),
      'repo-main/README.md': utf8('# Hi'),
      'repo-main/docs/a.md': utf8('# A'),
    });
    const files = readZip(zip).map((f) => [f.path, new TextDecoder().decode(f.bytes)]);
    expect(files.sort()).toEqual([
      ['README.md', '# Hi'],
      ['docs/a.md', '# A'],
    ]);
  });

  it('keeps paths when the files do not share one folder', () => {
    const zip = zipSync({ 'a/x.md': utf8('x'), 'b/y.md': utf8('y') });
    expect(
      readZip(zip)
        .map((f) => f.path)
        .sort(),
    ).toEqual(['a/x.md', 'b/y.md']);
  });

  it('refuses an archive with too many files', () => {
    const zip = zipSync({ 'a.md': utf8('a'), 'b.md': utf8('b'), 'c.md': utf8('c') });
    expect(() => readZip(zip, { maxEntries: 2, maxTotalBytes: 1000 })).toThrow(
      'The archive is too large: more than 2 files',
    );
  });

  it('refuses an archive that inflates beyond the limit, from its directory alone', () => {
    const zip = zipSync({ 'big.txt': new Uint8Array(100_000) }, { level: 9 });
    expect(zip.length).toBeLessThan(1000);
    expect(() => readZip(zip, { maxEntries: 10, maxTotalBytes: 50_000 })).toThrow(
      'more than 50000 bytes uncompressed',
    );
  });

  it('answers invalid_argument for bytes that are not a zip', () => {
    expect(() => readZip(utf8('not a zip at all'))).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
  });
});
