/**
 * A Pub/Sub emulator process the local stack owns, on a port of its own, so it can be killed and
 * started again while everything else keeps running (firebase-tools' emulators:exec starts and
 * stops its emulators only together). It is the Google Cloud CLI's emulator, the same one
 * firebase-tools launches (PUBSUB_EMULATOR_BINARY_PATH, set by emulators.mjs, names it). Like
 * the real emulator it keeps nothing across a restart: topics and subscriptions are created
 * again by the stack, and messages it had accepted but not delivered are gone with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

const LAUNCHER = 'platform/pubsub-emulator/bin/cloud-pubsub-emulator';
const SDK_ROOTS = [
  '/usr/lib/google-cloud-sdk',
  '/usr/share/google-cloud-sdk',
  '/opt/google-cloud-sdk',
];

/** The emulator's launcher script: firebase-tools' override, else an installed Cloud SDK's. */
export function pubsubEmulatorBinary(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    env.PUBSUB_EMULATOR_BINARY_PATH,
    ...[env.CLOUDSDK_ROOT, ...SDK_ROOTS].filter(Boolean).map((root) => `${root}/${LAUNCHER}`),
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `No Pub/Sub emulator found (tried ${candidates.join(', ')}); install google-cloud-cli-pubsub-emulator`,
    );
  }
  return found;
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

export class PubsubEmulatorProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** How many times the emulator was started, the first included. */
  starts = 0;

  constructor(
    readonly port: number,
    readonly host = '127.0.0.1',
    private readonly binary = pubsubEmulatorBinary(),
  ) {}

  /** `host:port`, the value for PUBSUB_EMULATOR_HOST. */
  get address(): string {
    return `${this.host}:${this.port}`;
  }

  /** Starts the emulator and resolves once it accepts connections. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.child) throw new Error('The Pub/Sub emulator is running already');
    if (await portOpen(this.host, this.port)) {
      throw new Error(`Port ${this.port} is taken; the Pub/Sub emulator cannot listen there`);
    }
    const output: string[] = [];
    const child = spawn(this.binary, [`--host=${this.host}`, `--port=${this.port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts += 1;
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 50) output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + timeoutMs;
    while (!(await portOpen(this.host, this.port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await this.kill();
        throw new Error(`The Pub/Sub emulator did not start:\n${output.join('')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Ends the process at once (SIGKILL), as a crash would; whatever it held is lost. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await this.exited;
  }
}
