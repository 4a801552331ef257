import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Rewrite {
  source: string;
  functionId: string;
  pattern: RegExp;
}

/** Hosting glob → regex: `**` spans segments, `*` stays inside one, as Hosting matches them. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i += 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

interface FirebaseJsonShape {
  hosting?: { rewrites?: { source?: string; function?: { functionId?: string } | string }[] };
}

/** The Hosting rewrites of firebase.json, in order: the first match wins, as in the cloud. */
export function loadRewrites(firebaseJsonPath: string): Rewrite[] {
  const json = JSON.parse(readFileSync(firebaseJsonPath, 'utf8')) as FirebaseJsonShape;
  return (json.hosting?.rewrites ?? []).flatMap((r) => {
    const fn = typeof r.function === 'string' ? r.function : r.function?.functionId;
    return r.source && fn
      ? [{ source: r.source, functionId: fn, pattern: globToRegExp(r.source) }]
      : [];
  });
}

export function matchRewrite(rewrites: readonly Rewrite[], pathname: string): Rewrite | undefined {
  return rewrites.find((r) => r.pattern.test(pathname));
}

export function repoRoot(): string {
  // Works from both the TypeScript sources (infra/local) and the build (dist/infra/local).
  let dir = __dirname;
  for (let i = 0; i < 5; i += 1) {
    try {
      readFileSync(path.join(dir, 'firebase.json'));
      return dir;
    } catch {
      dir = path.dirname(dir);
    }
  }
  throw new Error('Cannot find the repository root (firebase.json)');
}
