/**
 * The child side of `startStorageEmulatorProcess` (child-process.ts): starts the emulator with the
 * options its parent sends, signs the events' OIDC tokens with the key it is given (the same
 * key as the parent's signer, so the functions trust them), and answers the parent's calls.
 */
import { createOidcSigner } from '../oidc';
import { startStorageEmulator, type StorageEmulator } from './index';
import type { ChildReply, ChildRequest } from './child-process';

let emulator: StorageEmulator | undefined;

async function answer(request: ChildRequest): Promise<Omit<ChildReply, 'id'>> {
  if (request.op === 'start') {
    const signer = await createOidcSigner(request.oidcSigningKey);
    emulator = await startStorageEmulator({
      ...request.options,
      delivery: {
        ...request.options.delivery,
        tokens: (email, audience) => signer.sign(email, audience),
      },
    });
    return { url: emulator.url, port: emulator.port };
  }
  if (!emulator) throw new Error(`${request.op} before start`);
  if (request.op === 'addSigner') emulator.addSigner(request.email, request.publicKeyPem);
  else if (request.op === 'subscribe') emulator.subscribe(request.subscription);
  else if (request.op === 'reset') await emulator.reset();
  else if (request.op === 'idle') await emulator.idle();
  else await emulator.stop();
  return {};
}

process.on('message', (request: ChildRequest) => {
  void answer(request).then(
    (reply) => process.send?.({ id: request.id, ...reply }),
    (error: unknown) =>
      process.send?.({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
});
// The parent's end is ours: an emulator outliving its stack would hold its port.
process.on('disconnect', () => process.exit(0));
