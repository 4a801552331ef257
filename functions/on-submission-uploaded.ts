import { storageFunction } from '../shared/platform/functions';
import type { FunctionFactory } from './services';

/** Storage finalize (Eventarc): records a submission once its bytes arrived, after checking them. */
export const onSubmissionUploaded: FunctionFactory = (s) =>
  storageFunction(
    'onSubmissionUploaded',
    'submissions',
    'finalized',
    (object, eventId) => s.submissions.finalize.finalize(object, eventId),
    s.edge,
  );
