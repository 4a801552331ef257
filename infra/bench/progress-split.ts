/**
 * Where a completion's time goes (bench:progress): the same completion as the HTTP figure, taken
 * apart in the stack's own process. Each phase is timed on its own over fresh learners, once the
 * event handlers of the completions before it are done (as the bare transaction is timed), so the
 * parts can be compared with the HTTP total and with a bare transaction; nothing here asserts.
 */
import type { Services } from '../../functions/services';
import type { Outline } from '../../shared/catalog/model';
import { documentSize } from '../../shared/platform/document-size';
import { onRequestIo } from '../../shared/platform/io-stats';
import { ProgressCollections, enrollmentId, type EnrollmentDoc } from '../../shared/progress/model';
import { rollup } from '../../shared/progress/rollup';
import { learner, median, timed } from './common';

export interface CompletionSplit {
  /** The HTTP completion once the previous completions' events are handled. */
  settledApiMs: number;
  /** Verifying the ID token (firebase-admin, the Auth emulator's unsigned tokens). */
  authMs: number;
  /** Finding the resource's pathway and outline: the instance cache, no I/O once warm. */
  locateMs: number;
  /** The use case without HTTP: locate, the one transaction, rollup, outbox staging. */
  useCaseMs: number;
  /** The pure rollup over the learner's resources, the CPU inside the transaction. */
  rollupMs: number;
  /** A bare transaction reading the learner's enrollment document and updating one field. */
  enrollmentTxMs: number;
  /** Firestore size of that enrollment document when it was timed (the last one). */
  enrollmentKib: number;
  /** The bench's bare one-document transaction, timed here between completions, while the
   * events of the completions before it are relayed and handled in the same process. */
  bareDuringMs: number;
}

/**
 * Resolves once no function of the stack has finished a request for `quietMs`: the relay and the
 * event handlers a completion sets off (in this same process, on the same two cores) are done.
 */
async function settled(quietMs = 250): Promise<void> {
  let last = performance.now();
  const stop = onRequestIo(() => (last = performance.now()));
  try {
    while (performance.now() - last < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, quietMs / 5));
    }
  } finally {
    stop();
  }
}

/**
 * Completes `samples` resources of the pathway phase by phase, a fresh learner every
 * `perLearner` completions; the bare transaction right after each completion, while its events
 * are relayed and handled.
 */
export async function completionSplit(
  baseUrl: string,
  services: Services,
  pathway: { id: string; outline: Outline; resourceIds: string[] },
  samples: number,
  perLearner: number,
): Promise<CompletionSplit> {
  const settledApi: number[] = [];
  const auth: number[] = [];
  const locate: number[] = [];
  const useCase: number[] = [];
  const rollups: number[] = [];
  const enrollmentTx: number[] = [];
  const bareDuring: number[] = [];
  const db = services.clients.firestore;
  let bytes = 0;
  while (useCase.length + settledApi.length < samples) {
    const person = await learner(services.clients.auth);
    const ctx = { requestId: `bench-split-${person.uid}` };
    const caller = await services.edge.authenticate(`Bearer ${person.token}`);
    const ref = db
      .collection(ProgressCollections.enrollments)
      .doc(enrollmentId(person.uid, pathway.id));
    // The first completion creates the enrollment: excluded, as in the HTTP figure.
    const ids = pathway.resourceIds.slice(0, perLearner + 1);
    for (const [i, resourceId] of ids.entries()) {
      if (i === 0) {
        await services.progress.activity.complete(caller, { resource_id: resourceId }, {}, ctx);
        continue;
      }
      await settled();
      const stored = await timed(enrollmentTx, () =>
        db.runTransaction(async (tx) => {
          const doc = (await tx.get(ref)).data() as EnrollmentDoc;
          // The same value back: a write of the same size, no field of its own.
          tx.update(ref, { updated_at: doc.updated_at });
          return doc;
        }),
      );
      bytes = documentSize(ref.path, { ...stored });
      await timed(rollups, () =>
        rollup({
          outline: pathway.outline,
          outlineVersion: stored.outline_version,
          resources: stored.resources,
          previous: stored,
          now: stored.updated_at,
        }),
      );
      await timed(auth, () => services.edge.authenticate(`Bearer ${person.token}`));
      await timed(locate, () =>
        services.progress.locator.locate(caller, resourceId, { cached: true }),
      );
      // Every other completion over HTTP, the others straight through the use case.
      if (i % 2 === 0) {
        await timed(settledApi, async () => {
          const response = await fetch(
            `${baseUrl}/api/v1/users/me/resources/${resourceId}/complete`,
            { method: 'POST', headers: { Authorization: `Bearer ${person.token}` } },
          );
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`completion answered ${response.status}`);
        });
      } else {
        await timed(useCase, () =>
          services.progress.activity.complete(caller, { resource_id: resourceId }, {}, ctx),
        );
      }
      const bare = db.collection('bench').doc(`split-${useCase.length % 10}`);
      await timed(bareDuring, () =>
        db.runTransaction(async (tx) => {
          const snap = await tx.get(bare);
          tx.set(bare, { n: ((snap.get('n') as number | undefined) ?? 0) + 1 });
        }),
      );
    }
  }
  return {
    settledApiMs: median(settledApi),
    authMs: median(auth),
    locateMs: median(locate),
    useCaseMs: median(useCase),
    rollupMs: median(rollups),
    enrollmentTxMs: median(enrollmentTx),
    enrollmentKib: bytes / 1024,
    bareDuringMs: median(bareDuring),
  };
}
