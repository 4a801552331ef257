import type { DocumentReference, Firestore } from 'firebase-admin/firestore';
import { DeliverySchema, MAIL_COLLECTION } from '../../../shared/email/model';
import { attemptPatch, LEASE_MS, nextStep, stillProcessing, type Step } from './delivery';
import type { MailSender } from './sender';

export type StepOutcome = Step['kind'] | 'sent' | 'failed';

/**
 * The Firestore side of the local deliverer: the extension's `processWrite` transaction, its
 * `deliver()` re-read and outcome write, and `written`, what its document trigger runs.
 * The rules themselves are the pure functions of `delivery.ts`.
 */
export class FirestoreMailDeliverer {
  private readonly running = new Map<string, { again: boolean; done: Promise<void> }>();

  constructor(
    private readonly firestore: Firestore,
    private readonly sender: MailSender,
    private readonly options: { collection?: string; leaseMs?: number; now?: () => Date } = {},
  ) {}

  private ref(id: string): DocumentReference {
    return this.firestore.collection(this.options.collection ?? MAIL_COLLECTION).doc(id);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** What one trigger invocation does for a document. */
  async step(id: string): Promise<StepOutcome> {
    const ref = this.ref(id);
    const step = await this.firestore.runTransaction(async (tx) => {
      const snapshot = await tx.get(ref);
      const next = nextStep(snapshot.data(), this.now(), this.options.leaseMs ?? LEASE_MS);
      if (next.kind !== 'ignore') tx.update(ref, next.patch);
      return next;
    });
    if (step.kind !== 'lease') return step.kind;

    const data = (await ref.get()).data();
    if (!stillProcessing(data)) return 'ignore';
    const result = await this.sender.send(data);
    // Written whatever the state is now: the send happened, so its outcome is recorded.
    await this.firestore.runTransaction(async (tx) => {
      const current = (await tx.get(ref)).data();
      if (!current) return;
      const delivery = DeliverySchema.parse(current.delivery);
      tx.update(ref, attemptPatch(delivery, result, this.now()));
    });
    return result.ok ? 'sent' : 'failed';
  }

  /** Steps a document until it rests: sent, failed, expired or nothing left to do. */
  async deliver(id: string): Promise<StepOutcome> {
    let outcome: StepOutcome = 'ignore';
    for (let i = 0; i < 3; i += 1) {
      outcome = await this.step(id);
      if (outcome !== 'initialize') break;
    }
    return outcome;
  }

  /**
   * What the extension's trigger does for a write to a mail document (a deleted one finds nothing
   * to do). A write that arrives while its document is being delivered runs once more after.
   */
  written(id: string, onError: (id: string, error: unknown) => void): void {
    const current = this.running.get(id);
    if (current) {
      current.again = true;
      return;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = this.deliver(id)
      .then(
        () => undefined,
        (error: unknown) => onError(id, error),
      )
      .finally(() => {
        this.running.delete(id);
        if (entry.again) this.written(id, onError);
      });
    this.running.set(id, entry);
  }

  /** Resolves once no delivery is running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.all([...this.running.values()].map((r) => r.done));
    }
  }
}
