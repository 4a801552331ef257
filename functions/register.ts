import { http } from '@google-cloud/functions-framework';
import { installEdgeGuards } from '../shared/platform/edge-guards';
import type { FunctionDefinition } from '../shared/platform/functions';

/**
 * Registers functions with functions-framework, which serves the one `FUNCTION_TARGET` names,
 * after installing the edge guards its server is then built with. Every function, event
 * functions included, uses the `http` signature: a declaratively registered signature wins over
 * the one the platform passes (`--signature-type`), and only it lets a function see the caller's
 * token (event functions parse their CloudEvent themselves).
 */
export function registerFunctions(definitions: readonly FunctionDefinition[]): void {
  installEdgeGuards();
  for (const fn of definitions) http(fn.name, fn.handler);
}
