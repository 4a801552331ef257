import type { FunctionDefinition } from '../shared/platform/functions';
import { adminApi } from './admin-api';
import { catalogApi } from './catalog-api';
import { drainOutboxFunction } from './drain-outbox';
import { expireUpload } from './expire-upload';
import { listPendingSubmissions } from './list-pending-submissions';
import { onOutlineChanged } from './on-outline-changed';
import { onSubmissionUploaded } from './on-submission-uploaded';
import { progressApi } from './progress-api';
import { reviewSubmission } from './review-submission';
import { setUserRoleFunction } from './set-user-role';
import { submissionsApi } from './submissions-api';
import { tutorialsApi } from './tutorials-api';

/** Every product function. `index.ts` registers these (and the API docs) with the framework. */
export const definitions: FunctionDefinition[] = [
  catalogApi,
  progressApi,
  tutorialsApi,
  submissionsApi,
  adminApi,
  setUserRoleFunction,
  listPendingSubmissions,
  reviewSubmission,
  onOutlineChanged,
  onSubmissionUploaded,
  expireUpload,
  drainOutboxFunction,
];
