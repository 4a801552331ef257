/**
 * The soak's faults: every `everyMs` one emulator of the stack is restarted, in turn Pub/Sub,
 * Storage, Tasks, each down for `downMs` (Pub/Sub is killed as in a crash; Storage and Tasks stop
 * and resume from the stack's state directory). Each restart is printed as it starts and ends. A
 * restart that took long (a JVM starting on a loaded machine) pushes the next one back, so the
 * stack always runs at least half an interval between two restarts.
 */
import type { RestartableEmulator, Stack } from '../local/stack';

export const ROTATION: readonly RestartableEmulator[] = ['pubsub', 'storage', 'tasks'];

export interface RestartRecord {
  emulator: RestartableEmulator;
  /** When it went down and when it served again (ms since the epoch). */
  at: number;
  backAt: number;
  downMs: number;
}

export interface RestartLoop {
  records: RestartRecord[];
  /** Stops scheduling; resolves once a restart under way is over. */
  stop(): Promise<void>;
}

export function startRestarts(
  stack: Pick<Stack, 'restart'>,
  options: {
    everyMs: number;
    downMs: number;
    /** No restart is started at or after this time (ms since the epoch). */
    until: number;
    clock: () => string;
  },
): RestartLoop {
  const records: RestartRecord[] = [];
  if (options.everyMs <= 0) return { records, stop: async () => undefined };
  let stopped = false;
  let wake: () => void = () => undefined;
  let due = Date.now() + options.everyMs;
  const loop = (async () => {
    for (let n = 0; ; n += 1) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, Math.max(0, Math.min(due, options.until) - Date.now()));
      });
      if (stopped || Date.now() >= options.until) return;
      const emulator = ROTATION[n % ROTATION.length] as RestartableEmulator;
      const at = Date.now();
      console.log(
        `${options.clock()} restart ${emulator}: down for ${(options.downMs / 1000).toFixed(1)} s`,
      );
      await stack.restart(emulator, { downMs: options.downMs });
      const backAt = Date.now();
      records.push({ emulator, at, backAt, downMs: options.downMs });
      due = Math.max(due + options.everyMs, backAt + options.everyMs / 2);
      console.log(
        `${options.clock()} restart ${emulator}: serving again after ${((backAt - at) / 1000).toFixed(1)} s`,
      );
    }
  })();
  // A restart that fails ends the loop; the failure is printed now and thrown by `stop`.
  loop.catch((error: unknown) => console.error(`${options.clock()} restart failed:`, error));
  return {
    records,
    stop: async () => {
      stopped = true;
      wake();
      await loop;
    },
  };
}
