import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import type { PageConfig } from '../browser/protocol';

export interface PageSite {
  /** `http://127.0.0.1:<port>`: an origin of its own, unlike the API's and Storage's. */
  origin: string;
  close(): Promise<void>;
}

function emulatorAddress(variable: string): { host: string; port: number } {
  const value = process.env[variable];
  if (!value) throw new Error(`${variable} is not set: run browser tests through npm test`);
  const url = new URL(`http://${value}`);
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) };
}

/** The emulators and API of this run, as the page needs them. */
export function pageConfigFromEnv(): PageConfig {
  const apiOrigin = process.env.PATHWISE_BASE_URL;
  if (!apiOrigin)
    throw new Error('PATHWISE_BASE_URL is not set: run browser tests through npm test');
  const auth = emulatorAddress('FIREBASE_AUTH_EMULATOR_HOST');
  return {
    projectId: process.env.GCLOUD_PROJECT as string,
    region: process.env.FUNCTION_REGION as string,
    apiOrigin,
    authEmulatorUrl: `http://${auth.host.includes(':') ? `[${auth.host}]` : auth.host}:${auth.port}`,
    firestoreEmulator: emulatorAddress('FIRESTORE_EMULATOR_HOST'),
  };
}

/** Every port the page reaches: its own, the API's, Storage's and the emulators'. */
export function pagePorts(site: PageSite, config: PageConfig): number[] {
  const storage = process.env.PATHWISE_STORAGE_URL;
  if (!storage)
    throw new Error('PATHWISE_STORAGE_URL is not set: run browser tests through npm test');
  return [site.origin, config.apiOrigin, config.authEmulatorUrl, storage]
    .map((url) => Number(new URL(url).port))
    .concat(config.firestoreEmulator.port);
}

/**
 * Bundles the test page (stock Firebase JS SDK included) with esbuild and serves it with its
 * configuration from a tiny static server on a free port.
 */
export async function servePage(config: PageConfig): Promise<PageSite> {
  const bundle = await build({
    entryPoints: [path.join(__dirname, '..', 'browser', 'page', 'app.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.contents;
  if (!script) throw new Error('esbuild produced no bundle');
  // `<` escaped so no configuration value can close the script element.
  const inline = JSON.stringify(config).replace(/</g, '\\u003c');
  const html = [
    '<!doctype html>',
    '<meta charset="utf-8">',
    '<title>Pathwise browser client</title>',
    '<link rel="icon" href="data:,">',
    `<script>globalThis.PATHWISE_CONFIG = ${inline};</script>`,
    '<script src="/app.js"></script>',
  ].join('\n');

  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    } else if (req.method === 'GET' && req.url === '/app.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
