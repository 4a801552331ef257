import type { FunctionDefinition } from '../shared/platform/functions';
import { catalogApi } from './catalog-api';
import { drainOutboxFunction } from './drain-outbox';
import { setUserRoleFunction } from './set-user-role';

/** Every product function. `index.ts` registers these (and the API docs) with the framework. */
export const definitions: FunctionDefinition[] = [
  catalogApi,
  setUserRoleFunction,
  drainOutboxFunction,
];
