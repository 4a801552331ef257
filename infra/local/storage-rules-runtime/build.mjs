// Builds the Cloud Storage rules runtime that firebase-tools' Storage emulator spawns
// (`java -jar <jar> serve`; see StorageRulesRuntime.java) from the sources in this folder, against
// the Firestore emulator jar of the Google Cloud CLI, which carries Google's Firebase rules engine
// and its Storage service.
import { javaJar } from '../java-jar.mjs';

/** The runtime jar under `cacheDir`, rebuilt when a source, this script or the engine jar changed. */
export function storageRulesRuntime(firestoreJar, cacheDir) {
  return javaJar({
    name: 'storage-rules-runtime',
    main: 'pathwise.storagerules.StorageRulesRuntime',
    sources: import.meta.dirname,
    script: import.meta.filename,
    firestoreJar,
    cacheDir,
  });
}
