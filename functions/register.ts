import { cloudEvent, http } from '@google-cloud/functions-framework';
import type { FunctionDefinition } from '../shared/platform/functions';

/** Registers functions with functions-framework, which serves the one `FUNCTION_TARGET` names. */
export function registerFunctions(definitions: readonly FunctionDefinition[]): void {
  for (const fn of definitions) {
    if (fn.signature === 'http') http(fn.name, fn.handler);
    else cloudEvent(fn.name, fn.handler);
  }
}
