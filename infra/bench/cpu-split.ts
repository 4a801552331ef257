/**
 * Whose code the process ran in a window, from a V8 CPU profile taken in the process itself
 * (`node:inspector`): each sample is charged to the nearest frame that belongs to someone (the
 * in-process Storage emulator, the Storage or Firestore client, Pathwise's code, …), skipping
 * Node's own internals, which run on someone's behalf. bench:uploads uses it to say what the
 * event loop was busy with while a finalize handler waited outside its transaction.
 */
import { Session } from 'node:inspector/promises';
import { coveredMs, type Span } from './finalize-phases';

/** The parts of a `Profiler.Profile` this reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string }; children?: number[] }[];
  /** Microseconds, on the profiler's clock. */
  startTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Frames charged to whom, by script URL (first match wins); unmatched frames defer to their caller. */
const OWNERS: readonly (readonly [string, RegExp])[] = [
  ['Storage emulator', /\/infra\/local\/storage-emulator\//],
  ['other local stack', /\/infra\/local\//],
  ['bench', /\/infra\/bench\//],
  ['Pathwise code', /\/(shared|functions)\//],
  [
    'Storage client',
    /node_modules\/(@google-cloud\/storage|gaxios|teeny-request|retry-request|google-auth-library|gcp-metadata|gtoken)\//,
  ],
  [
    'Firestore client',
    /node_modules\/(@google-cloud\/firestore|@grpc|google-gax|protobufjs|firebase-admin)\//,
  ],
];

/** Any other package is named: `package <name>`. */
const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)\//;

const PSEUDO = new Map([
  ['(garbage collector)', 'GC'],
  ['(idle)', 'idle'],
  ['(program)', 'V8/native'],
]);

function ownFrame(frame: { url: string; functionName: string }): string | undefined {
  const pseudo = PSEUDO.get(frame.functionName);
  if (pseudo) return pseudo;
  const owner = OWNERS.find(([, pattern]) => pattern.test(frame.url))?.[0];
  if (owner) return owner;
  const pkg = PACKAGE.exec(frame.url)?.[1];
  return pkg ? `package ${pkg}` : undefined;
}

/**
 * The owner of each node: its own frame's, else its nearest owned caller's, else Node's (named
 * by the module of the frame, e.g. `Node internal/child_process`).
 */
export function ownersOf(profile: CpuProfile): Map<number, string> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const owned = new Map<number, string | undefined>();
  const ownedOf = (id: number): string | undefined => {
    if (owned.has(id)) return owned.get(id);
    const frame = byId.get(id)?.callFrame;
    const up = parent.get(id);
    const owner = (frame && ownFrame(frame)) ?? (up === undefined ? undefined : ownedOf(up));
    owned.set(id, owner);
    return owner;
  };
  // Node's own work that no one's code called (timers, sockets, child processes): by the module
  // of the innermost frame that has one.
  const nodeModuleOf = (id: number | undefined): string => {
    if (id === undefined) return 'Node internals';
    const url = byId.get(id)?.callFrame.url;
    return url ? `Node ${url.replace(/^node:/, '')}` : nodeModuleOf(parent.get(id));
  };
  const owners = new Map<number, string>();
  const ownerOf = (id: number) => owners.set(id, ownedOf(id) ?? nodeModuleOf(id));
  for (const node of profile.nodes) ownerOf(node.id);
  return owners;
}

/**
 * Ms of CPU per owner inside `windows` (on the bench's clock; `clockOffsetMs` is added to the
 * profile's times to get there). A sample lasts until the next one.
 */
export function cpuSplit(
  profile: CpuProfile,
  clockOffsetMs: number,
  windows: readonly Span[],
): Record<string, number> {
  const owners = ownersOf(profile);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const split: Record<string, number> = {};
  let at = profile.startTime / 1000 + clockOffsetMs;
  const times = deltas.map((d) => (at += d / 1000));
  for (let i = 0; i + 1 < samples.length; i += 1) {
    const sample = { start: times[i] as number, end: times[i + 1] as number };
    const ms = windows.reduce((sum, w) => sum + coveredMs([sample], w), 0);
    if (ms <= 0) continue;
    const owner = owners.get(samples[i] as number) ?? 'Node internals';
    split[owner] = (split[owner] ?? 0) + ms;
  }
  return split;
}

/** A CPU profile of this process between `start` and `stop`, aligned with `performance.now()`. */
export class InProcessProfiler {
  private readonly session = new Session();

  async start(): Promise<void> {
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: 250 });
    await this.session.post('Profiler.start');
  }

  /**
   * The profile, and the offset from its clock to `performance.now()`'s. Aligned at the end: the
   * profile's `startTime` can lie tens of ms before its first sample, its `endTime` is the stop.
   */
  async stop(): Promise<{ profile: CpuProfile; clockOffsetMs: number }> {
    const before = performance.now();
    const { profile } = (await this.session.post('Profiler.stop')) as {
      profile: CpuProfile & { endTime: number };
    };
    const after = performance.now();
    await this.session.post('Profiler.disable');
    this.session.disconnect();
    return { profile, clockOffsetMs: (before + after) / 2 - profile.endTime / 1000 };
  }
}
