import type { FunctionDefinition } from '../shared/platform/functions';
import { adminApi } from './admin-api';
import { catalogApi } from './catalog-api';
import { drainOutboxFunction } from './drain-outbox';
import { onOutlineChanged } from './on-outline-changed';
import { progressApi } from './progress-api';
import { setUserRoleFunction } from './set-user-role';
import { tutorialsApi } from './tutorials-api';

/** Every product function. `index.ts` registers these (and the API docs) with the framework. */
export const definitions: FunctionDefinition[] = [
  catalogApi,
  progressApi,
  tutorialsApi,
  adminApi,
  setUserRoleFunction,
  onOutlineChanged,
  drainOutboxFunction,
];
