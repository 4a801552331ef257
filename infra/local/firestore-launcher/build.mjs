// Builds the Firestore emulator launcher (FirestoreLauncher.java): the Google Cloud CLI's emulator
// jar names no main class, and the launcher adds the `--functions_emulator` flag that makes the
// emulator deliver document events to the trigger router (infra/local/trigger-router.mjs).
import { javaJar } from '../java-jar.mjs';

/** The launcher jar under `cacheDir`, rebuilt when its source, this script or the emulator changed. */
export function firestoreLauncher(firestoreJar, cacheDir) {
  return javaJar({
    name: 'firestore-launcher',
    main: 'pathwise.firestore.FirestoreLauncher',
    sources: import.meta.dirname,
    script: import.meta.filename,
    firestoreJar,
    cacheDir,
  });
}
