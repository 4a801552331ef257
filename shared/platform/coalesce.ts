/**
 * Single-flight work per key inside this process, with one trailing run. Work that reads
 * everything stored so far (a learner's refold folds the whole stream after its last event)
 * need not run once per caller: callers that come while a run is under way join the one run
 * queued after it, which starts once the current one ends and so sees what each of them stored
 * before calling. Each caller gets the result (or the failure) of the run it joined; the inputs of
 * a run's callers are handed to it together. Firestore transactions stay the guarantee across
 * instances; this only stops one instance from doing the same work once per message.
 */
interface Pending<I, R> {
  inputs: I[];
  promise: Promise<R>;
}

export class Coalescer<I, R> {
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly pending = new Map<string, Pending<I, R>>();

  constructor(private readonly run: (key: string, inputs: readonly I[]) => Promise<R>) {}

  submit(key: string, input: I): Promise<R> {
    const queued = this.pending.get(key);
    if (queued) {
      queued.inputs.push(input);
      return queued.promise;
    }
    const current = this.running.get(key);
    if (!current) return this.start(key, [input]);
    const inputs = [input];
    const after = current.then(
      () => undefined,
      () => undefined,
    );
    const promise = after.then(() => {
      this.pending.delete(key);
      return this.start(key, inputs);
    });
    this.pending.set(key, { inputs, promise });
    return promise;
  }

  /** Keys with a run under way or queued (for tests and diagnostics). */
  get busy(): number {
    return new Set([...this.running.keys(), ...this.pending.keys()]).size;
  }

  private start(key: string, inputs: readonly I[]): Promise<R> {
    const run = Promise.resolve().then(() => this.run(key, inputs));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.running.set(key, settled);
    void settled.then(() => {
      if (this.running.get(key) === settled) this.running.delete(key);
    });
    return run;
  }
}
