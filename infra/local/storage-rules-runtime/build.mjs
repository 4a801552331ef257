// Builds the Cloud Storage rules runtime that firebase-tools' Storage emulator spawns
// (`java -jar <jar> serve`; see StorageRulesRuntime.java) from the sources in this folder, against
// the Firestore emulator jar of the Google Cloud CLI, which carries Google's Firebase rules engine
// and its Storage service. javac and jar only; nothing is downloaded. The jar's manifest puts the
// Firestore emulator jar on its class path, so the build stays a few kilobytes. Plain JavaScript:
// infra/local/emulators.mjs runs it before anything TypeScript.
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const sources = path.dirname(fileURLToPath(import.meta.url));
const MAIN = 'pathwise.storagerules.StorageRulesRuntime';

/** The runtime jar under `cacheDir`, rebuilt when a source, this script or the engine jar changed. */
export function storageRulesRuntime(firestoreJar, cacheDir) {
  const jar = path.join(cacheDir, 'storage-rules-runtime.jar');
  const inputs = [
    firestoreJar,
    fileURLToPath(import.meta.url),
    ...readdirSync(sources)
      .filter((name) => name.endsWith('.java'))
      .map((name) => path.join(sources, name)),
  ];
  const newest = Math.max(...inputs.map((file) => statSync(file).mtimeMs));
  if (isBuilt(jar, newest)) return jar;

  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(path.join(cacheDir, 'storage-rules-runtime-'));
  try {
    const classes = path.join(work, 'classes');
    execFileSync(
      'javac',
      [
        '--release',
        '17',
        // The engine jar lists annotation processors whose classes it does not ship.
        '-proc:none',
        '-nowarn',
        '-encoding',
        'UTF-8',
        '-classpath',
        firestoreJar,
        '-d',
        classes,
        ...inputs.slice(2),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const manifest = path.join(work, 'MANIFEST.MF');
    writeFileSync(
      manifest,
      `Manifest-Version: 1.0\nMain-Class: ${MAIN}\nClass-Path: ${new URL(`file://${firestoreJar}`).href}\n`,
    );
    const built = path.join(work, 'storage-rules-runtime.jar');
    execFileSync('jar', ['cfm', built, manifest, '-C', classes, '.'], { stdio: 'inherit' });
    renameSync(built, jar);
  } catch (error) {
    // javac's own messages, without its notes about annotations the engine jar does not ship.
    const messages = (error.stderr ?? '')
      .toString()
      .split('\n')
      .filter(
        (line) => line.trim() && !/Cannot find annotation|class file for .* not found/.test(line),
      );
    throw new Error(
      [`javac/jar failed (exit status ${error.status ?? 'unknown'})`, ...messages].join('\n'),
      {
        cause: error,
      },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return jar;
}

function isBuilt(jar, newestInput) {
  try {
    return statSync(jar).mtimeMs >= newestInput;
  } catch {
    return false;
  }
}
