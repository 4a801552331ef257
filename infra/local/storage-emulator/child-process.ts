/**
 * The Storage emulator in a Node process of its own, behind the same `StorageEmulator` interface.
 * The local stack runs it in its own process by default (one event loop for everything, as
 * `npm start` wants); `startStack({ storageProcess: 'child' })` uses this instead, so that a
 * benchmark can tell the emulator's work on upload bodies from the functions' own
 * (bench:uploads `--storage-process`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { StorageEmulator, StorageEmulatorOptions, StorageSubscription } from './index';

/** The options that cross a process boundary: the token minter is rebuilt from a key. */
export type ChildEmulatorOptions = Omit<StorageEmulatorOptions, 'delivery'> & {
  delivery?: Omit<NonNullable<StorageEmulatorOptions['delivery']>, 'tokens' | 'journal'>;
};

export type ChildRequest = { id: number } & (
  | { op: 'start'; options: ChildEmulatorOptions; oidcSigningKey: string }
  | { op: 'addSigner'; email: string; publicKeyPem: string }
  | { op: 'subscribe'; subscription: StorageSubscription }
  | { op: 'reset' | 'idle' | 'stop' }
);

export interface ChildReply {
  id: number;
  error?: string;
  url?: string;
  port?: number;
}

type Call = ChildRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

/**
 * Starts the emulator in a child process. Its events carry OIDC tokens signed with
 * `oidcSigningKey` (PKCS#8 PEM: the stack's signer's key). `addSigner` and `subscribe` are
 * applied in the child in the order they are called, before any later call's answer.
 */
export async function startStorageEmulatorProcess(
  options: ChildEmulatorOptions,
  oidcSigningKey: string,
): Promise<StorageEmulator> {
  const child: ChildProcess = fork(path.join(__dirname, 'child-main.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<
    number,
    { resolve: (r: ChildReply) => void; reject: (e: Error) => void }
  >();
  let next = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (reply: ChildReply) => {
    const call = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error) call?.reject(new Error(`Storage emulator process: ${reply.error}`));
    else call?.resolve(reply);
  });
  child.once('exit', (code) => {
    for (const call of waiting.values())
      call.reject(new Error(`Storage emulator process exited (${code})`));
    waiting.clear();
  });
  const call = (request: Call): Promise<ChildReply> =>
    new Promise((resolve, reject) => {
      next += 1;
      waiting.set(next, { resolve, reject });
      child.send({ id: next, ...request });
    });

  const complain = (error: unknown) => console.error(error);
  const started = await call({ op: 'start', options, oidcSigningKey });
  const url = started.url as string;
  const port = started.port as number;
  return {
    url,
    port,
    addSigner: (email, publicKeyPem) =>
      void call({ op: 'addSigner', email, publicKeyPem }).catch(complain),
    subscribe: (subscription) => void call({ op: 'subscribe', subscription }).catch(complain),
    reset: async () => void (await call({ op: 'reset' })),
    idle: async () => void (await call({ op: 'idle' })),
    stop: async () => {
      await call({ op: 'stop' });
      child.disconnect();
      await exited;
    },
  };
}
