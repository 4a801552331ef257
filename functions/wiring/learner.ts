import { LearnerEventIngest } from '../../shared/learner/ingest';
import { LearnerRepository } from '../../shared/learner/repository';
import { LearnerStream } from '../../shared/learner/stream';
import { lazy } from './lazy';
import type { Platform } from './platform';

export interface LearnerServices {
  repository: LearnerRepository;
  ingest: LearnerEventIngest;
  stream: LearnerStream;
}

/** The learner model: the event stream and what is derived from it. */
export function learnerServices(platform: Platform): LearnerServices {
  const learner: LearnerServices = lazy<LearnerServices>({
    repository: () => new LearnerRepository(platform.clients.firestore),
    ingest: () => new LearnerEventIngest(learner.repository, () => new Date()),
    stream: () => new LearnerStream(learner.repository),
  });
  return learner;
}
