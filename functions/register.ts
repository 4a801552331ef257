import { http, type HttpFunction } from '@google-cloud/functions-framework';
import { installEdgeGuards } from '../shared/platform/edge-guards';
import type { FunctionDefinition } from '../shared/platform/functions';
import { countingIo, reportRequestIo, requestIoObserved } from '../shared/platform/io-stats';

/**
 * Counts the Firestore reads and writes each request makes, for whoever listens (the benchmarks;
 * nobody in the cloud): the count is the request's own, whatever else the process runs.
 */
function countedPerRequest(name: string, handler: HttpFunction): HttpFunction {
  return (req, res) => {
    if (!requestIoObserved()) return handler(req, res);
    const io = { reads: 0, writes: 0 };
    const path = (req.originalUrl ?? req.url ?? '').split('?')[0] as string;
    res.once('finish', () =>
      reportRequestIo({ functionName: name, method: req.method, path, ...io }),
    );
    return countingIo(io, () => handler(req, res));
  };
}

/**
 * Registers functions with functions-framework, which serves the one `FUNCTION_TARGET` names,
 * after installing the edge guards its server is then built with. Every function, event
 * functions included, uses the `http` signature: a declaratively registered signature wins over
 * the one the platform passes (`--signature-type`), and only it lets a function see the caller's
 * token (event functions parse their CloudEvent themselves).
 */
export function registerFunctions(definitions: readonly FunctionDefinition[]): void {
  installEdgeGuards();
  for (const fn of definitions) http(fn.name, countedPerRequest(fn.name, fn.handler));
}
