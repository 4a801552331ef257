// Builds a small jar from the Java sources of one folder with javac and jar, against the Firestore
// emulator jar of the Google Cloud CLI (which carries what the sources use). Nothing is
// downloaded. The jar's manifest names the main class and puts the emulator jar on its class
// path, so a build stays a few kilobytes. Plain JavaScript: infra/local/emulators.mjs runs it
// before anything TypeScript.
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

/**
 * `cacheDir/name.jar`, rebuilt when a source, `script` (the caller's own file) or the emulator jar
 * changed since the last build.
 */
export function javaJar({ name, main, sources, script, firestoreJar, cacheDir }) {
  const jar = path.join(cacheDir, `${name}.jar`);
  const javaFiles = readdirSync(sources)
    .filter((file) => file.endsWith('.java'))
    .map((file) => path.join(sources, file));
  const inputs = [firestoreJar, script, import.meta.filename, ...javaFiles];
  const newest = Math.max(...inputs.map((file) => statSync(file).mtimeMs));
  if (isBuilt(jar, newest)) return jar;

  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(path.join(cacheDir, `${name}-`));
  try {
    const classes = path.join(work, 'classes');
    execFileSync(
      'javac',
      [
        '--release',
        '17',
        // The emulator jar lists annotation processors whose classes it does not ship.
        '-proc:none',
        '-nowarn',
        '-encoding',
        'UTF-8',
        '-classpath',
        firestoreJar,
        '-d',
        classes,
        ...javaFiles,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const manifest = path.join(work, 'MANIFEST.MF');
    writeFileSync(
      manifest,
      `Manifest-Version: 1.0\nMain-Class: ${main}\nClass-Path: ${new URL(`file://${firestoreJar}`).href}\n`,
    );
    const built = path.join(work, `${name}.jar`);
    execFileSync('jar', ['cfm', built, manifest, '-C', classes, '.'], { stdio: 'inherit' });
    renameSync(built, jar);
  } catch (error) {
    // javac's own messages, without its notes about annotations the emulator jar does not ship.
    const messages = (error.stderr ?? '')
      .toString()
      .split('\n')
      .filter(
        (line) => line.trim() && !/Cannot find annotation|class file for .* not found/.test(line),
      );
    throw new Error(
      [`javac/jar failed (exit status ${error.status ?? 'unknown'})`, ...messages].join('\n'),
      { cause: error },
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
