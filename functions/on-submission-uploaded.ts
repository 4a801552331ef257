import { isMediaObject } from '../shared/media/kinds';
import { storageFunction } from '../shared/platform/functions';
import type { FunctionFactory } from './services';

/**
 * Storage finalize (Eventarc) for the uploads bucket: records a submission once its bytes arrived,
 * after checking them; objects under the media folders (videos/, images/, documents/) are media
 * library items, checked the same way by the media feature.
 */
export const onSubmissionUploaded: FunctionFactory = (s) =>
  storageFunction(
    'onSubmissionUploaded',
    'submissions',
    'finalized',
    (object, eventId) =>
      isMediaObject(object.name)
        ? s.media.finalize.finalize(object, eventId)
        : s.submissions.finalize.finalize(object, eventId),
    s.edge,
  );
