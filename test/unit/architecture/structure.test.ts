import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The layout rules of design.md §2 that a reader relies on: modules stay small enough to hold in
 * one's head, and only composition roots build clients or read the environment, so every use
 * case gets what it touches through its constructor.
 */
const root = path.resolve(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) return sources(rel);
    return rel.endsWith('.ts') ? [rel] : [];
  });
}

const modules = [...sources('shared'), ...sources('functions')];
const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');

/** Where clients are built and configuration is read. */
const compositionRoots = new Set([
  'functions/services.ts',
  // The deployed entry point reads which function it serves (FUNCTION_TARGET).
  'functions/index.ts',
  'functions/wiring/platform.ts',
  // The client factories themselves, and the configuration's own parser.
  'shared/platform/firebase.ts',
  'shared/platform/storage.ts',
  'shared/platform/tasks.ts',
  'shared/platform/iam.ts',
  'shared/config.ts',
]);

describe('module layout', () => {
  it.each(modules)('%s has at most 300 lines, or says at its top why it needs more', (rel) => {
    const text = read(rel);
    const lines = text.split('\n').length;
    if (lines > 300) expect(text.split('\n')[0]).toMatch(/^\/\/ Over 300 lines: .{10,}/);
  });

  it.each(modules.filter((m) => !compositionRoots.has(m)))(
    '%s builds no client and reads no environment',
    (rel) => {
      const text = read(rel);
      expect(text).not.toMatch(/process\.env/);
      expect(text).not.toMatch(
        /\b(firebaseApp|firestoreOf|authOf|createStorage|createTasksClient|createIamClient|parseConfig)\(|new PubSub\(/,
      );
      expect(text).not.toMatch(/from 'firebase-admin\/(app|auth)'.*\bget(Auth|Apps)\b/);
    },
  );

  it('names every Firestore collection in exactly one module', () => {
    const declarations = new Map<string, string[]>();
    for (const rel of modules) {
      for (const match of read(rel).matchAll(/\.collection\('([A-Za-z]+)'\)/g)) {
        const name = match[1] as string;
        declarations.set(name, [...(declarations.get(name) ?? []), rel]);
      }
    }
    // Collection names live in constants of their feature's model; literal calls are a smell.
    expect([...declarations.entries()]).toEqual([]);
  });
});
