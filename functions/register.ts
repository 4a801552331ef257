import { cloudEvent, http } from '@google-cloud/functions-framework';
import { installEdgeGuards } from '../shared/platform/edge-guards';
import type { FunctionDefinition } from '../shared/platform/functions';

/**
 * Registers functions with functions-framework, which serves the one `FUNCTION_TARGET` names,
 * after installing the edge guards its server is then built with.
 */
export function registerFunctions(definitions: readonly FunctionDefinition[]): void {
  installEdgeGuards();
  for (const fn of definitions) {
    if (fn.signature === 'http') http(fn.name, fn.handler);
    else cloudEvent(fn.name, fn.handler);
  }
}
