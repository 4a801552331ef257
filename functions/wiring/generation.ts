import { selectCourseGenerator } from '../../shared/generation/generators';
import { createAccessTokenSource } from '../../shared/platform/access-token';
import { GenerationProgress } from '../../shared/generation/progress-reads';
import { Projects } from '../../shared/generation/projects';
import { GenerationRepository } from '../../shared/generation/repository';
import { GenerationRuns } from '../../shared/generation/runs';
import { Sources } from '../../shared/generation/sources';
import { ProjectArchives, ProjectSources } from '../../shared/generation/archives';
import { UploadSigner } from '../../shared/submissions/signed-urls';
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
  archives: ProjectArchives;
  sourceFiles: ProjectSources;
}

export function generationServices(
  platform: Platform,
  catalog: CatalogServices,
): GenerationServices {
  const { clients } = platform;
  const generation: GenerationServices = lazy<GenerationServices>({
    repository: () => new GenerationRepository(clients.firestore),
    projects: () => new Projects(generation.repository, catalog.pathways, generation.archives),
    sources: () => new Sources(generation.repository),
    runs: () =>
      new GenerationRuns(
        generation.repository,
        platform.outbox,
        clients.tasks,
        platform.config,
        MAX_CONCURRENT_GENERATIONS,
        generation.sourceFiles,
      ),
    archives: () =>
      new ProjectArchives(
        generation.repository,
        clients.submissionsBucket,
        new UploadSigner(clients.submissionsBucket),
      ),
    sourceFiles: () => new ProjectSources(generation.repository, generation.archives),
    progress: () => new GenerationProgress(generation.repository),
    stages: () =>
      new StageRunner(
        generation.repository,
        platform.outbox,
        selectCourseGenerator(platform.config.courseGenerator, createAccessTokenSource()),
        catalog.drafts,
        catalog.pathways,
        generation.sourceFiles,
      ),
  });
  return generation;
}
