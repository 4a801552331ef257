import { ProgressEventSchema } from '../shared/events';
import { pubsubFunction } from '../shared/platform/functions';
import { Topics } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * Issues a learner's certificate when progress may have earned it (`pathway_completed`, or the
 * approval that met the last rule). Deliveries are at least once and may run concurrently;
 * issuance makes exactly one certificate and queues its mail once.
 */
export const issueCertificates: FunctionFactory = (s) =>
  pubsubFunction(
    'issueCertificates',
    Topics.progressEvents,
    ProgressEventSchema,
    (event) => s.certificates.onProgress.handle(event),
    s.edge,
  );
