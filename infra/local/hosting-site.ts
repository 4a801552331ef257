/**
 * The Hosting site's static half, locally: files of the public folder that firebase.json names
 * (the built web console) and Hosting's reserved `/__/firebase/init.json`. As on Hosting, an
 * existing file wins over the rewrites; any other path falls through to them.
 */
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

export interface SiteOptions {
  /** The Hosting public folder (firebase.json `hosting.public`). */
  publicDir: string;
  /** What `/__/firebase/init.json` answers: read per request, since the stack fills it in late. */
  initJson: () => Record<string, unknown>;
}

export type SiteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

async function fileAt(publicDir: string, pathname: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const relative = path.normalize(decoded.endsWith('/') ? `${decoded}index.html` : decoded);
  const file = path.join(publicDir, relative);
  // A `..` in the path must not leave the public folder.
  if (!file.startsWith(publicDir + path.sep)) return undefined;
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? file : undefined;
}

/** The Hosting public folder that firebase.json names, as an absolute path. */
export function hostingPublicDir(firebaseJsonPath: string): string {
  const json = JSON.parse(readFileSync(firebaseJsonPath, 'utf8')) as {
    hosting?: { public?: string };
  };
  return path.resolve(path.dirname(firebaseJsonPath), json.hosting?.public ?? 'public');
}

/**
 * `/__/firebase/init.json` for the emulators: what Hosting would answer for the project, plus
 * where the emulators are, which the console connects to when present.
 */
export function localInitJson(
  env: NodeJS.ProcessEnv,
  functionsOrigin: string,
): Record<string, unknown> {
  const projectId = env.GCLOUD_PROJECT ?? '';
  const firestore = new URL(`http://${env.FIRESTORE_EMULATOR_HOST ?? ''}`);
  return {
    projectId,
    apiKey: env.PATHWISE_FIREBASE_API_KEY ?? 'local-emulator-key',
    authDomain: `${projectId}.firebaseapp.com`,
    region: env.FUNCTION_REGION,
    emulators: {
      authUrl: `http://${env.FIREBASE_AUTH_EMULATOR_HOST ?? ''}`,
      firestore: { host: firestore.hostname.replace(/^\[|\]$/g, ''), port: Number(firestore.port) },
      functionsOrigin,
    },
  };
}

/** Answers true when it served the request; false leaves it to the rewrites. */
export function hostingSite(options: SiteOptions): SiteHandler {
  const publicDir = path.resolve(options.publicDir);
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/__/firebase/init.json') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(options.initJson()));
      return true;
    }
    const file = await fileAt(publicDir, pathname);
    if (!file) {
      if (pathname !== '/') return false;
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The web console is not built: run `npm run build`.\n');
      return true;
    }
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      // Built assets carry a content hash in their names; the page itself must stay fresh.
      'Cache-Control': file.includes(`${path.sep}assets${path.sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
