import { cloudEvent, http } from '@google-cloud/functions-framework';
import type { FunctionDefinition } from '../shared/platform/functions';
import { apiDocs } from './api-docs';
import { definitions } from './definitions';

export const allFunctions: FunctionDefinition[] = [...definitions, apiDocs];

for (const fn of allFunctions) {
  if (fn.signature === 'http') http(fn.name, fn.handler);
  else cloudEvent(fn.name, fn.handler);
}
