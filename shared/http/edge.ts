import type { Authenticate } from '../auth';

/**
 * What every HTTP and callable function needs at its edge, handed in by the composition root:
 * how to authenticate a caller, and the project that trace ids in logs belong to.
 */
export interface Edge {
  projectId: string;
  authenticate: Authenticate;
}
