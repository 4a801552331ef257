import { LearnerEventIngest } from '../../shared/learner/ingest';
import { LearnerRepository } from '../../shared/learner/repository';
import { SkillList } from '../../shared/learner/skill-list';
import { SkillRepository } from '../../shared/learner/skill-repository';
import { LearnerStream } from '../../shared/learner/stream';
import { lazy } from './lazy';
import type { Platform } from './platform';

export interface LearnerServices {
  repository: LearnerRepository;
  ingest: LearnerEventIngest;
  stream: LearnerStream;
  skills: SkillList;
}

/** The learner model: the event stream and what is derived from it. */
export function learnerServices(platform: Platform): LearnerServices {
  const clock = () => new Date();
  const learner: LearnerServices = lazy<LearnerServices>({
    repository: () => new LearnerRepository(platform.clients.firestore),
    ingest: () => new LearnerEventIngest(learner.repository, clock),
    stream: () => new LearnerStream(learner.repository),
    skills: () => new SkillList(new SkillRepository(platform.clients.firestore), clock),
  });
  return learner;
}
