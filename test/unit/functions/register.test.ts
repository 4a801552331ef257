import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { registerFunctions } from '../../../functions/register';
import type { HttpDefinition } from '../../../shared/platform/functions';
import {
  countReads,
  countWrites,
  onRequestIo,
  type RequestIo,
} from '../../../shared/platform/io-stats';

/**
 * Registered functions count their own Firestore I/O per request, through functions-framework's
 * real server: work of another request running meanwhile is not added to it.
 */
let server: Server;
let url: string;
let release: () => void = () => undefined;

const definition = (name: string, handler: HttpDefinition['handler']): HttpDefinition => ({
  name,
  trigger: { kind: 'http' },
  signature: 'http',
  handler,
  routes: [],
});

beforeAll(async () => {
  registerFunctions([
    definition('ioCounted', async (req, res) => {
      countReads();
      if (req.query.slow) {
        // Held open while another request runs, to prove the counts do not mix.
        await new Promise<void>((resolve) => (release = resolve));
        countWrites(2);
      }
      res.json({ ok: true });
    }),
  ]);
  server = getTestServer('ioCounted');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

it('reports each request’s reads and writes once its response is sent', async () => {
  const seen: RequestIo[] = [];
  const stop = onRequestIo((io) => seen.push(io));
  try {
    const slow = fetch(`${url}/slow/path?slow=1`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(`${url}/fast`)).status).toBe(200);
    release();
    expect((await slow).status).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    stop();
  }
  expect(seen).toEqual([
    { functionName: 'ioCounted', method: 'GET', path: '/fast', reads: 1, writes: 0 },
    { functionName: 'ioCounted', method: 'GET', path: '/slow/path', reads: 1, writes: 2 },
  ]);
});
