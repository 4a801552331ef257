import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createTasksClient, queuePath } from '../../shared/platform/tasks';
import { Queues } from '../../shared/triggers';
import { testServices } from './services';

export interface RecordedPut {
  method: string;
  path: string;
  statementId: string | null;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** What the LRS answered. */
  status: number;
}

/** Decides the LRS's answer to a request, given the requests recorded before it. */
export type LrsBehaviour = (put: Omit<RecordedPut, 'status'>, earlier: RecordedPut[]) => number;

export interface TestLrs {
  puts: RecordedPut[];
  putsOf(statementId: string): RecordedPut[];
  close(): Promise<void>;
}

const lrsQueue = () => queuePath(Queues.lrsPush, testServices().config);
const tasks = () => createTasksClient(testServices().config);

/**
 * A small LRS on the port the test stack pushes statements to (PATHWISE_LRS_ENDPOINT, set in
 * test/helpers/env.ts), recording every request. With `dispatch`, the push queue (paused for the
 * rest of the run) is emptied of other tests' pushes and resumed until `close`.
 */
export async function startTestLrs(
  behaviour: LrsBehaviour,
  options: { dispatch: boolean },
): Promise<TestLrs> {
  const endpoint = new URL(process.env.PATHWISE_LRS_ENDPOINT ?? '');
  const puts: RecordedPut[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', endpoint);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Recorded as text: a test asserting a JSON body then fails on it.
      }
      const put = {
        method: req.method ?? '',
        path: url.pathname,
        statementId: url.searchParams.get('statementId'),
        headers: req.headers,
        body,
      };
      const status = behaviour(put, [...puts]);
      puts.push({ ...put, status });
      res.writeHead(status, { 'X-Experience-API-Version': '1.0.3' }).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(endpoint.port), endpoint.hostname, resolve);
  });
  if (options.dispatch) {
    await tasks().purgeQueue({ name: lrsQueue() });
    await tasks().resumeQueue({ name: lrsQueue() });
  }
  return {
    puts,
    putsOf: (id) => puts.filter((p) => p.statementId === id),
    async close() {
      if (options.dispatch) await tasks().pauseQueue({ name: lrsQueue() });
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
