/**
 * The local functions host: every manifest function on one port.
 *
 * - `/{project}/{region}/{name}/…` reaches function `name` (the Firebase functions emulator's
 *   URL scheme, so `connectFunctionsEmulator` and `httpsCallable` work unchanged);
 * - `/api/v1/…` reaches the HTTP function that firebase.json's Hosting rewrites name, first
 *   match wins, exactly as Hosting routes in the cloud.
 *
 * Each function runs in the server functions-framework builds for it (body parsing, the edge
 * guards), so code runs here exactly as it does on Cloud Run. Events reach it over HTTP with a
 * token, from the Storage emulator and the Pub/Sub delivery (pubsub-delivery.ts).
 */
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import type { FunctionDefinition } from '../../shared/platform/functions';
import type { SiteHandler } from './hosting-site';
import { matchRewrite, type Rewrite } from './rewrites';

export interface HostOptions {
  projectId: string;
  region: string;
  port: number;
  rewrites: readonly Rewrite[];
}

export class FunctionsHost {
  private readonly servers = new Map<string, Server>();
  private server: Server | undefined;
  private boundPort = 0;
  private site: SiteHandler | undefined;

  constructor(private readonly options: HostOptions) {}

  /** Serves these functions (registered with functions-framework) from now on. */
  serve(functions: readonly FunctionDefinition[]): void {
    for (const fn of functions) this.servers.set(fn.name, getTestServer(fn.name));
  }

  /** Serves the Hosting site's files (the web console) ahead of the rewrites, as Hosting does. */
  serveSite(site: SiteHandler): void {
    this.site = site;
  }

  get port(): number {
    return this.boundPort;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  /** The base under which functions live: `{origin}/{project}/{region}`. */
  get functionsBaseUrl(): string {
    return `${this.origin}/${this.options.projectId}/${this.options.region}`;
  }

  functionUrl(name: string): string {
    return `${this.functionsBaseUrl}/${name}`;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => this.dispatch(req, res));
    // Keep-alive connections from the emulators must not hold shutdown hostage.
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private notFound(res: ServerResponse, message: string): void {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ error: { code: 'not_found', message, details: [], request_id: '' } }));
  }

  private dispatch(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const prefix = `/${this.options.projectId}/${this.options.region}/`;
    if (url.pathname.startsWith(prefix)) {
      const rest = url.pathname.slice(prefix.length);
      const slash = rest.indexOf('/');
      const name = slash === -1 ? rest : rest.slice(0, slash);
      const target = this.servers.get(name);
      if (!target) {
        this.notFound(res, `No function named ${name}`);
        return;
      }
      req.url = (slash === -1 ? '/' : rest.slice(slash)) + url.search;
      target.emit('request', req, res);
      return;
    }
    const site = this.site;
    if (site && (req.method === 'GET' || req.method === 'HEAD')) {
      site(req, res).then(
        (served) => served || this.rewrite(url.pathname, req, res),
        () => this.notFound(res, `Cannot read ${url.pathname}`),
      );
      return;
    }
    this.rewrite(url.pathname, req, res);
  }

  private rewrite(pathname: string, req: IncomingMessage, res: ServerResponse): void {
    const rewrite = matchRewrite(this.options.rewrites, pathname);
    const target = rewrite && this.servers.get(rewrite.functionId);
    if (!target) {
      this.notFound(res, `No rewrite routes ${pathname}`);
      return;
    }
    target.emit('request', req, res);
  }
}
