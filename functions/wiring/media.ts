import { FinalizeMedia } from '../../shared/media/finalize';
import { MediaExpiry } from '../../shared/media/expiry';
import { MediaLibrary } from '../../shared/media/library';
import { MediaRepository } from '../../shared/media/repository';
import { OpenMediaUpload } from '../../shared/media/uploads';
import { passThroughScanner, type MalwareScanner } from '../../shared/submissions/scanner';
import { UploadSigner } from '../../shared/submissions/signed-urls';
import type { CatalogServices } from './catalog';
import { lazy, once } from './lazy';
import type { Platform } from './platform';

export interface MediaServices {
  repository: MediaRepository;
  uploads: OpenMediaUpload;
  finalize: FinalizeMedia;
  expiry: MediaExpiry;
  library: MediaLibrary;
}

/** Instructor media (seed 003): objects in the uploads bucket, under videos/, images/, documents/. */
export function mediaServices(
  platform: Platform,
  catalog: CatalogServices,
  scanner: MalwareScanner = passThroughScanner,
): MediaServices {
  const { config, clients } = platform;
  const signer = once(() => new UploadSigner(clients.submissionsBucket));
  const media: MediaServices = lazy<MediaServices>({
    repository: () => new MediaRepository(clients.firestore),
    uploads: () => new OpenMediaUpload(config, media.repository, signer(), clients.tasks),
    finalize: () =>
      new FinalizeMedia(
        config.submissionsBucket,
        clients.submissionsBucket,
        media.repository,
        scanner,
      ),
    expiry: () => new MediaExpiry(media.repository, clients.submissionsBucket),
    library: () =>
      new MediaLibrary(
        config,
        media.repository,
        catalog.repository,
        clients.submissionsBucket,
        signer(),
        platform.audit,
      ),
  });
  return media;
}
