/**
 * What the soak's traffic ended as, compared by id with what was published and accepted:
 *
 * - each published event's stream entries (`users/{uid}/events/{id}`) stored: lost otherwise,
 *   and told apart by what Pub/Sub saw of it — never accepted (still in the outbox), accepted only
 *   before a Pub/Sub emulator was killed (a killed emulator loses what it held; real Pub/Sub keeps
 *   it), or accepted after (lost by the platform or the product);
 * - any (kind, source) stored twice in a learner's stream: a duplicated effect;
 * - each upload the bucket took as exactly one submission, `uploaded` (or a review's status);
 * - the client's view: each completion, quiz attempt and upload the API accepted has its entry.
 */
import type { Firestore } from 'firebase-admin/firestore';
import { LearnerCollections } from '../../shared/learner/model';
import { SubmissionCollections } from '../../shared/submissions/model';
import type { PublishedEvent } from './soak-ledger';
import type { Accepted } from './soak-traffic';

interface Stream {
  ids: Set<string>;
  /** `kind source` → entries. */
  perSource: Map<string, number>;
  /** `kind resource` of resource-scoped completions and submissions, and quiz attempts. */
  facts: Map<string, number>;
}

async function readStream(firestore: Firestore, uid: string): Promise<Stream> {
  const snap = await firestore
    .collection(LearnerCollections.users)
    .doc(uid)
    .collection(LearnerCollections.events)
    .get();
  const stream: Stream = { ids: new Set(), perSource: new Map(), facts: new Map() };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const doc of snap.docs) {
    const kind = String(doc.get('kind'));
    stream.ids.add(doc.id);
    bump(stream.perSource, `${kind} ${String(doc.get('source.id'))}`);
    const resource = doc.get('data.resource_id') as string | null | undefined;
    if (kind === 'quiz_attempted') bump(stream.facts, kind);
    else if (resource && (kind === 'completed' || kind === 'submitted'))
      bump(stream.facts, `${kind} ${resource}`);
  }
  return stream;
}

/** Reads `uids`' streams, a few at a time. */
async function readStreams(
  firestore: Firestore,
  uids: Iterable<string>,
  into: Map<string, Stream>,
) {
  const queue = [...uids];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let uid = queue.pop(); uid !== undefined; uid = queue.pop())
        into.set(uid, await readStream(firestore, uid));
    }),
  );
}

/** How waiting for the consumers ended, and after how long. */
export interface Settled {
  ended: 'caught up' | 'stalled' | 'deadline';
  ms: number;
}

export type LossCause = 'never accepted by Pub/Sub' | 'held by a killed Pub/Sub' | 'unexplained';

/** Why an event that never reached its consumer is missing, from its accepted publishes. */
export function lossCause(
  acceptedAt: readonly number[],
  pubsubKills: readonly number[],
): LossCause {
  if (acceptedAt.length === 0) return 'never accepted by Pub/Sub';
  const last = Math.max(...acceptedAt);
  return pubsubKills.some((kill) => kill >= last) ? 'held by a killed Pub/Sub' : 'unexplained';
}

interface Submission {
  uid: string;
  status: string;
}

/** Deliveries quiet this long: read what is still missing. */
const QUIET_MS = 15_000;
/** Read what is still missing at least this often while deliveries go on. */
const REREAD_MS = 60_000;

const SETTLED = new Set(['uploaded', 'approved', 'rejected', 'rejected_invalid', 'expired']);

export class Tally {
  private readonly streams = new Map<string, Stream>();
  private submissions = new Map<string, Submission>();

  constructor(
    private readonly firestore: Firestore,
    private readonly events: ReadonlyMap<string, PublishedEvent>,
    private readonly accepted: Accepted,
    private readonly uploadResource: string,
  ) {}

  /** Events with a stream entry not (yet) stored. */
  missing(): PublishedEvent[] {
    return [...this.events.values()].filter((e) =>
      e.stream.some((s) => !this.streams.get(s.uid)?.ids.has(s.id)),
    );
  }

  /** Accepted uploads whose submission has not settled. */
  private unsettled(): string[] {
    return [...this.accepted.uploads.keys()].filter(
      (id) => !SETTLED.has(this.submissions.get(id)?.status ?? ''),
    );
  }

  private async readSubmissions(): Promise<void> {
    const snap = await this.firestore
      .collection(SubmissionCollections.submissions)
      .where('resource_id', '==', this.uploadResource)
      .get();
    this.submissions = new Map(
      snap.docs
        .filter((d) => this.accepted.learners.has(String(d.get('user_id'))))
        .map((d) => [d.id, { uid: String(d.get('user_id')), status: String(d.get('status')) }]),
    );
  }

  /**
   * Reads every learner's stream, then waits until nothing is missing and every accepted upload
   * has settled (events a killed Pub/Sub emulator held, per `pubsubKills`, cannot arrive and are
   * not waited for); or until nothing more arrived (no delivery acknowledged, no stream entry, no
   * settled upload, no outbox entry relayed) for `stallMs`, so what is missing then is lost, not
   * still queued; or `deadline`. Says how it ended.
   *
   * Progress is watched through `acknowledged` (the stack's count of deliveries its functions
   * acknowledged), which costs nothing; the streams still missing something are read again only
   * once a minute, or once deliveries have been quiet for 15 s. On the Firestore emulator every
   * query scans the whole database, so reading a thousand streams every few seconds would itself
   * slow the consumers it waits for.
   */
  async settle(options: {
    deadline: number;
    stallMs: number;
    outboxSize: () => Promise<number>;
    acknowledged: () => number;
    /** When Pub/Sub emulators were killed (ms since the epoch), so far. */
    pubsubKills: () => readonly number[];
  }): Promise<Settled> {
    const started = Date.now();
    const everyone = new Set(this.accepted.learners);
    for (const e of this.events.values()) for (const s of e.stream) everyone.add(s.uid);
    await readStreams(this.firestore, everyone, this.streams);
    await this.readSubmissions();
    const awaited = () => {
      const kills = options.pubsubKills();
      return this.missing().filter(
        (e) => lossCause(e.acceptedAt, kills) !== 'held by a killed Pub/Sub',
      ).length;
    };
    const behind = async () => awaited() + this.unsettled().length + (await options.outboxSize());
    let left = await behind();
    let movedAt = Date.now();
    let readAt = Date.now();
    let acknowledged = options.acknowledged();
    let ended: Settled['ended'] = 'caught up';
    while (left > 0) {
      if (Date.now() >= options.deadline) {
        ended = 'deadline';
        break;
      }
      if (Date.now() - movedAt >= options.stallMs) {
        ended = 'stalled';
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      if (options.acknowledged() !== acknowledged) {
        acknowledged = options.acknowledged();
        movedAt = Date.now();
      }
      if (Date.now() - movedAt < QUIET_MS && Date.now() - readAt < REREAD_MS) continue;
      const uids = new Set(this.missing().flatMap((e) => e.stream.map((s) => s.uid)));
      await readStreams(this.firestore, uids, this.streams);
      await this.readSubmissions();
      readAt = Date.now();
      const now = await behind();
      if (now < left) movedAt = Date.now();
      left = now;
    }
    // A duplicate may be stored after its first copy was read.
    await readStreams(this.firestore, everyone, this.streams);
    return { ended, ms: Date.now() - started };
  }

  /** (kind, source) pairs stored more than once, as `uid kind source ×n`. */
  duplicatedEntries(): string[] {
    return [...this.streams].flatMap(([uid, s]) =>
      [...s.perSource].filter(([, n]) => n > 1).map(([key, n]) => `${uid} ${key} ×${n}`),
    );
  }

  uploads() {
    const perLearner = new Map<string, number>();
    for (const s of this.submissions.values())
      perLearner.set(s.uid, (perLearner.get(s.uid) ?? 0) + 1);
    const statuses = new Map<string, number>();
    for (const id of this.accepted.uploads.keys()) {
      const status = this.submissions.get(id)?.status ?? 'no submission';
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    const lost = [...this.accepted.uploads.keys()].filter(
      (id) =>
        !['uploaded', 'approved', 'rejected'].includes(this.submissions.get(id)?.status ?? ''),
    );
    const doubled = [...perLearner].filter(([, n]) => n > 1).map(([uid, n]) => `${uid} ×${n}`);
    return { statuses, lost, doubled };
  }

  /** API-accepted facts without their stream entry, per kind. */
  clientView(): Record<'completions' | 'quiz attempts' | 'uploads', number> {
    const has = (uid: string, fact: string) => this.streams.get(uid)?.facts.get(fact) ?? 0;
    return {
      completions: [...this.accepted.completions].filter((c) => {
        const [uid = '', resource = ''] = c.split(' ');
        return has(uid, `completed ${resource}`) === 0;
      }).length,
      'quiz attempts': [...this.accepted.attempts].reduce(
        (n, [uid, count]) => n + Math.max(0, count - has(uid, 'quiz_attempted')),
        0,
      ),
      uploads: [...this.accepted.uploads.values()].filter(
        (uid) => has(uid, `submitted ${this.uploadResource}`) === 0,
      ).length,
    };
  }
}
