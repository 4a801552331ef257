/**
 * The emulator's ceiling for finalize's I/O (bench:uploads): the handler's own transaction is
 * recorded as it runs (which documents it reads, in which round trips, and every write with its
 * arguments), then replayed as a bare transaction on copies of the same documents: the same
 * reads and the same writes of the same sizes, with no logic. Beside it, the ranged read and the
 * submission read the handler does before its transaction, alone.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Bucket } from '@google-cloud/storage';
import { Transaction, type DocumentReference, type Firestore } from 'firebase-admin/firestore';
import type { StorageObjectData } from '../../shared/platform/functions';
import { SNIFF_BYTES } from '../../shared/submissions/magic';
import { objectReader } from '../../shared/submissions/object-head';
import { median, stopwatch } from './common';

type WriteOp = 'set' | 'update' | 'create' | 'delete';

/** One attempt of a transaction: its reads, one entry per round trip, then its writes. */
export interface RecordedTransaction {
  reads: DocumentReference[][];
  writes: { op: WriteOp; ref: DocumentReference; args: unknown[] }[];
}

const recording = new AsyncLocalStorage<RecordedTransaction[]>();
let installed = false;

function isRef(value: unknown): value is DocumentReference {
  return typeof value === 'object' && value !== null && 'path' in value && 'parent' in value;
}

/**
 * Wraps the Transaction methods once so that a transaction run inside `recordTransactions` is
 * recorded; elsewhere they behave as they always do. A read after a write starts a new attempt
 * (a transaction reads before it writes, so that is the platform's retry).
 */
function install(): void {
  if (installed) return;
  installed = true;
  const proto = Transaction.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const name of ['get', 'getAll']) {
    const original = proto[name] as (...a: unknown[]) => unknown;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const attempts = recording.getStore();
      if (attempts) {
        const last = attempts.at(-1);
        const attempt = last && last.writes.length === 0 ? last : { reads: [], writes: [] };
        if (attempt !== last) attempts.push(attempt);
        attempt.reads.push(args.filter(isRef));
      }
      return original.apply(this, args);
    };
  }
  for (const op of ['set', 'update', 'create', 'delete'] as const) {
    const original = proto[op] as (...a: unknown[]) => unknown;
    proto[op] = function (this: unknown, ref: unknown, ...args: unknown[]) {
      const attempt = recording.getStore()?.at(-1);
      if (attempt && isRef(ref)) attempt.writes.push({ op, ref, args });
      return original.call(this, ref, ...args);
    };
  }
}

/** Runs `fn`, handing `record` the last attempt of the transaction it ran (if it ran one). */
export async function recordTransactions<T>(
  fn: () => Promise<T>,
  record: (tx: RecordedTransaction) => void,
): Promise<T> {
  install();
  const attempts: RecordedTransaction[] = [];
  try {
    return await recording.run(attempts, fn);
  } finally {
    const last = attempts.at(-1);
    if (last) record(last);
  }
}

let copies = 0;

/**
 * Replays a recorded transaction on fresh copies of its documents (copied untimed from their
 * current state; documents it only creates are not copied) and returns its time in ms. With
 * `oneRoundTrip` every read goes in one `getAll`, which is what the same transaction would cost
 * if its reads were merged.
 */
export async function replay(
  db: Firestore,
  recorded: RecordedTransaction,
  oneRoundTrip = false,
): Promise<number> {
  copies += 1;
  const copy = new Map<string, DocumentReference>();
  const copyOf = (ref: DocumentReference) => {
    const known = copy.get(ref.path);
    if (known) return known;
    const made = db.collection('bench-finalize').doc(`${ref.path.replaceAll('/', '~')}~${copies}`);
    copy.set(ref.path, made);
    return made;
  };
  const existing = [
    ...recorded.reads.flat(),
    ...recorded.writes.filter((w) => w.op === 'update').map((w) => w.ref),
  ];
  await Promise.all(
    existing.map(async (ref) => {
      const snap = await ref.get();
      if (snap.exists) await copyOf(ref).set(snap.data() as Record<string, unknown>);
    }),
  );
  const reads = oneRoundTrip ? [recorded.reads.flat()] : recorded.reads;
  const { ms } = await stopwatch(() =>
    db.runTransaction(async (tx) => {
      for (const round of reads) {
        const [first, ...rest] = round.map(copyOf);
        if (first) await tx.getAll(first, ...rest);
      }
      const writer = tx as unknown as Record<WriteOp, (...a: unknown[]) => unknown>;
      for (const { op, ref, args } of recorded.writes) writer[op](copyOf(ref), ...args);
    }),
  );
  return ms;
}

export interface FinalizeCeiling {
  /** The bare transaction of the same shape (the same round trips), median of the replays. */
  bareTxMs: number;
  /** The same with every read in one round trip. */
  oneReadTxMs: number;
  /** The 4 KiB ranged read of the object alone. */
  rangedReadMs: number;
  /** The submission document read alone. */
  submissionReadMs: number;
  /** What the transaction reads per round trip and writes, e.g. `1+2 reads, 6 writes`. */
  shape: string;
}

export function shapeOf(recorded: RecordedTransaction): string {
  return `${recorded.reads.map((r) => r.length).join('+')} reads, ${recorded.writes.length} writes`;
}

/** The ceiling of one finalize: `times` replays of each kind, and of each read alone. */
export async function finalizeCeiling(
  db: Firestore,
  bucket: Bucket,
  recorded: RecordedTransaction,
  object: StorageObjectData,
  submissionPath: string,
  times = 5,
): Promise<FinalizeCeiling> {
  const bare: number[] = [];
  const oneRead: number[] = [];
  const ranged: number[] = [];
  const submission: number[] = [];
  for (let i = 0; i < times; i += 1) {
    bare.push(await replay(db, recorded));
    oneRead.push(await replay(db, recorded, true));
    const reader = objectReader(bucket, object);
    ranged.push((await stopwatch(() => reader.read(0, SNIFF_BYTES - 1))).ms);
    submission.push((await stopwatch(() => db.doc(submissionPath).get())).ms);
  }
  return {
    bareTxMs: median(bare),
    oneReadTxMs: median(oneRead),
    rangedReadMs: median(ranged),
    submissionReadMs: median(submission),
    shape: shapeOf(recorded),
  };
}

/** One upload's handler and transaction time beside its ceiling. */
export interface CeilingRow {
  size: number;
  handlerMs: number;
  txMs: number;
  ceiling: FinalizeCeiling;
}

/** The ceiling table: each upload's times, its ceiling, and the handler ÷ the ceiling. */
export function printFinalizeCeiling(rows: CeilingRow[]): void {
  const ms = (n: number, width: number) => `${n.toFixed(1)} ms`.padStart(width);
  const x = (n: number, width: number) => `${n.toFixed(2)}×`.padStart(width);
  console.log('');
  console.log(
    `The same uploads against the emulator's ceiling for their I/O (bare = the handler's transaction replayed on copies of its documents, same reads and writes, no logic; median of 5; ${rows[0]?.ceiling.shape ?? ''})`,
  );
  console.log(
    'file size | handler | its transaction | bare tx, same shape | bare tx, reads merged | ranged read | submission read | handler ÷ bare tx | transaction ÷ bare tx | handler ÷ (ranged read + bare tx)',
  );
  for (const { size, handlerMs, txMs, ceiling: c } of rows) {
    const floor = Math.max(c.rangedReadMs, c.submissionReadMs) + c.bareTxMs;
    console.log(
      `${`${size / 2 ** 20} MB`.padStart(9)} | ${ms(handlerMs, 7)} | ${ms(txMs, 15)} | ${ms(c.bareTxMs, 19)} | ${ms(c.oneReadTxMs, 21)} | ${ms(c.rangedReadMs, 11)} | ${ms(c.submissionReadMs, 15)} | ${x(handlerMs / c.bareTxMs, 17)} | ${x(txMs / c.bareTxMs, 21)} | ${x(handlerMs / floor, 33)}`,
    );
  }
}
