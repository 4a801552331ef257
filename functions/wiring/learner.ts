import type { CatalogRepository } from '../../shared/catalog/repository';
import { AssessmentRepository } from '../../shared/learner/assessment-repository';
import { LearnerCatalog } from '../../shared/learner/catalog-source';
import { Diagnostics } from '../../shared/learner/diagnostics';
import { LearnerEventIngest } from '../../shared/learner/ingest';
import { LearningGoals } from '../../shared/learner/learning-goals';
import { LearningPaths } from '../../shared/learner/learning-paths';
import { PlanningRepository } from '../../shared/learner/planning-repository';
import { LearnerProfiles } from '../../shared/learner/profile';
import { ProfileRepository } from '../../shared/learner/profile-repository';
import { RecommendationFeed } from '../../shared/learner/recommendation-feed';
import { LearnerModelRefold } from '../../shared/learner/refold';
import { LearnerModelUpdate } from '../../shared/learner/model-update';
import { ErasedAccounts } from '../../shared/privacy/erased-accounts';
import { LearnerRepository } from '../../shared/learner/repository';
import { SkillList } from '../../shared/learner/skill-list';
import { SkillRepository } from '../../shared/learner/skill-repository';
import { LearnerStream } from '../../shared/learner/stream';
import { lazy } from './lazy';
import type { Platform } from './platform';

export interface LearnerServices {
  repository: LearnerRepository;
  profiles: ProfileRepository;
  catalog: LearnerCatalog;
  ingest: LearnerEventIngest;
  refold: LearnerModelRefold;
  update: LearnerModelUpdate;
  stream: LearnerStream;
  skills: SkillList;
  profile: LearnerProfiles;
  diagnostics: Diagnostics;
  planning: PlanningRepository;
  goals: LearningGoals;
  paths: LearningPaths;
  recommendations: RecommendationFeed;
  erasedAccounts: ErasedAccounts;
}

/** The learner model: the event stream and what is derived from it. */
export function learnerServices(
  platform: Platform,
  catalogRepository: () => CatalogRepository,
): LearnerServices {
  const clock = () => new Date();
  const { firestore } = platform.clients;
  const learner: LearnerServices = lazy<LearnerServices>({
    repository: () => new LearnerRepository(firestore),
    profiles: () =>
      new ProfileRepository(firestore, platform.outbox, (uid) =>
        learner.erasedAccounts.record(uid),
      ),
    catalog: () => new LearnerCatalog(catalogRepository()),
    ingest: () => new LearnerEventIngest(learner.repository, clock),
    refold: () => new LearnerModelRefold(learner.profiles, learner.catalog),
    update: () => new LearnerModelUpdate(learner.refold, learner.paths),
    stream: () => new LearnerStream(learner.repository),
    skills: () => new SkillList(new SkillRepository(firestore), clock),
    profile: () => new LearnerProfiles(learner.profiles, clock),
    diagnostics: () =>
      new Diagnostics(new AssessmentRepository(firestore, platform.outbox), learner.skills, clock),
    planning: () => new PlanningRepository(firestore, platform.outbox),
    goals: () => new LearningGoals(learner.planning, learner.skills, clock),
    paths: () => new LearningPaths(learner.planning, learner.profiles, learner.catalog, clock),
    recommendations: () => new RecommendationFeed(learner.profiles, clock),
    erasedAccounts: () => new ErasedAccounts(firestore, platform.config.pseudonymSecret),
  });
  return learner;
}
