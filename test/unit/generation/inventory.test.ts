import { normalisePath, takeInventory } from '../../../shared/generation/inventory';
import { readFixture, utf8 } from './fixture';

const file = (path: string, text: string | Uint8Array) => ({
  path,
  bytes: typeof text === 'string' ? utf8(text) : text,
});

describe('takeInventory', () => {
  it('selects the fixture repository’s documents and says why every other file was left out', () => {
    const inventory = takeInventory(readFixture());
    expect(inventory.documents.map((d) => d.path)).toEqual([
      'README.md',
      'docs/01-basics/README.md',
      'docs/01-basics/commits.md',
      'docs/01-basics/setup.md',
      'docs/02-branching/branches.md',
      'docs/02-branching/rebase.md',
      'docs/10-remotes/remotes.md',
    ]);
    expect(inventory.skipped).toEqual([
      { path: '.gitignore', reason: 'unsupported_type' },
      { path: 'assets/logo.png', reason: 'unsupported_type' },
      { path: 'debug.log', reason: 'ignored' },
      { path: 'dist/index.md', reason: 'generated' },
      { path: 'drafts/stash.md', reason: 'ignored' },
      { path: 'node_modules/lib/README.md', reason: 'vendored' },
      { path: 'package-lock.json', reason: 'generated' },
      { path: 'src/app.py', reason: 'unsupported_type' },
    ]);
  });

  it('applies nested .gitignore files below their folder, the deeper one having the last word', () => {
    const inventory = takeInventory([
      file('.gitignore', 'notes/*.md\n'),
      file('notes/.gitignore', '!keep.md\n'),
      file('notes/keep.md', '# Keep'),
      file('notes/drop.md', '# Drop'),
      file('other/.gitignore', 'secret.md\n'),
      file('other/secret.md', '# Secret'),
      file('secret.md', '# Not secret here'),
    ]);
    expect(inventory.documents.map((d) => d.path)).toEqual(['notes/keep.md', 'secret.md']);
    expect(inventory.skipped.filter((s) => s.reason === 'ignored').map((s) => s.path)).toEqual([
      'notes/drop.md',
      'other/secret.md',
    ]);
  });

  it('drops binaries, empty, oversized, generated-marked and unsafe files', () => {
    const inventory = takeInventory(
      [
        file('bin.md', new Uint8Array([35, 32, 0, 1, 2])),
        file('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9])),
        file('empty.md', '  \n\n'),
        file('huge.md', 'x'.repeat(101)),
        file('api.md', '<!-- This file is auto-generated. Do not edit. -->\n# API'),
        file('../escape.md', '# Out'),
        file('/etc/passwd.md', '# Out'),
        file('lib.min.js', 'x'),
      ],
      { maxDocumentBytes: 100 },
    );
    expect(inventory.documents).toEqual([]);
    expect(Object.fromEntries(inventory.skipped.map((s) => [s.path, s.reason]))).toEqual({
      'bin.md': 'binary',
      'latin1.txt': 'binary',
      'empty.md': 'empty',
      'huge.md': 'too_large',
      'api.md': 'generated',
      '../escape.md': 'unsafe_path',
      '/etc/passwd.md': 'unsafe_path',
      'lib.min.js': 'generated',
    });
  });

  it('keeps a document’s id when its content changes, and its content hash follows the bytes', () => {
    const before = takeInventory([file('docs/a.md', '# A\n\nOne.')]).documents[0];
    const after = takeInventory([file('docs/a.md', '# A\n\nTwo.')]).documents[0];
    expect(after?.document_id).toBe(before?.document_id);
    expect(after?.content_hash).not.toBe(before?.content_hash);
  });

  it('gives the same result whatever order the files arrive in, with line endings normalised', () => {
    const files = [file('b.md', '# B\r\n\r\nText.'), file('a.txt', 'Plain text.')];
    const forward = takeInventory(files);
    expect(takeInventory([...files].reverse())).toEqual(forward);
    expect(forward.documents.map((d) => [d.path, d.format, d.text])).toEqual([
      ['a.txt', 'text', 'Plain text.'],
      ['b.md', 'markdown', '# B\n\nText.'],
    ]);
  });
});

describe('normalisePath', () => {
  it('normalises separators and refuses paths that leave the root', () => {
    expect(normalisePath('docs\\guide\\./a.md')).toBe('docs/guide/a.md');
    expect(normalisePath('docs/../../a.md')).toBeNull();
    expect(normalisePath('C:/a.md')).toBeNull();
    expect(normalisePath('./')).toBeNull();
  });
});
