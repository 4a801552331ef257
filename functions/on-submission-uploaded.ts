import { storageFunction } from '../shared/platform/functions';
import { submissions } from '../shared/submissions/service';

/** Storage finalize (Eventarc): records a submission once its bytes arrived, after checking them. */
export const onSubmissionUploaded = storageFunction(
  'onSubmissionUploaded',
  'submissions',
  'finalized',
  (object, eventId) => submissions().finalize(object, eventId),
);
