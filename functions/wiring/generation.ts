import { deterministicGenerator } from '../../shared/generation/generator';
import { GenerationProgress } from '../../shared/generation/progress-reads';
import { Projects } from '../../shared/generation/projects';
import { GenerationRepository } from '../../shared/generation/repository';
import { GenerationRuns } from '../../shared/generation/runs';
import { BucketProjectObjects, Sources } from '../../shared/generation/sources';
import { StageRunner } from '../../shared/generation/stage-runner';
import { MAX_CONCURRENT_GENERATIONS } from '../../shared/triggers';
import type { CatalogServices } from './catalog';
import { lazy } from './lazy';
import type { Platform } from './platform';

export interface GenerationServices {
  repository: GenerationRepository;
  projects: Projects;
  sources: Sources;
  runs: GenerationRuns;
  progress: GenerationProgress;
  stages: StageRunner;
}

export function generationServices(
  platform: Platform,
  catalog: CatalogServices,
): GenerationServices {
  const { clients } = platform;
  const generation: GenerationServices = lazy<GenerationServices>({
    repository: () => new GenerationRepository(clients.firestore),
    projects: () =>
      new Projects(
        generation.repository,
        catalog.pathways,
        new BucketProjectObjects(clients.submissionsBucket),
      ),
    sources: () => new Sources(generation.repository),
    runs: () =>
      new GenerationRuns(
        generation.repository,
        platform.outbox,
        clients.tasks,
        platform.config,
        MAX_CONCURRENT_GENERATIONS,
      ),
    progress: () => new GenerationProgress(generation.repository),
    stages: () =>
      new StageRunner(
        generation.repository,
        platform.outbox,
        deterministicGenerator,
        catalog.drafts,
        catalog.pathways,
      ),
  });
  return generation;
}
