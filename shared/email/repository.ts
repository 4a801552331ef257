import {
  FieldPath,
  Timestamp,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from 'firebase-admin/firestore';
import { countReads, countWrites } from '../platform/io-stats';
import { GrpcStatus, hasCode } from '../platform/grpc';
import { USERS_COLLECTION } from '../users/roles';
import {
  MAIL_COLLECTION,
  SCHEDULED_COLLECTION,
  SUPPRESSIONS_COLLECTION,
  TimezoneSchema,
  type EntityRef,
  type PathwiseMailDocument,
} from './model';
import {
  NotificationPreferencesSchema,
  SuppressionSchema,
  suppressionId,
  type NotificationPreferences,
  type Suppression,
} from './preferences';
import type { Patch } from './watcher';

/** The profile field that holds a learner's email preferences (`users/{uid}`). */
export const PREFERENCES_FIELD = 'notification_preferences';

/** Delivery states the watcher looks at; SUCCESS is final and never read again. */
const UNSETTLED_STATES = ['PENDING', 'PROCESSING', 'RETRY', 'ERROR'] as const;

/** Firestore `update()` takes Dates as Timestamps; the watcher's rules speak Date. */
function toFirestore(patch: Patch): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(patch).map(([k, v]) => [k, v instanceof Date ? Timestamp.fromDate(v) : v]),
  );
}

/**
 * The only code that touches `mail/`, `mailSuppressions/` and the preferences field of a
 * profile. Documents are written with `create`, so a mail id that exists is never overwritten
 * (an overwrite would reset `delivery` and send the message again).
 */
export class MailRepository {
  constructor(readonly firestore: Firestore) {}

  mailRef(id: string): DocumentReference {
    return this.firestore.collection(MAIL_COLLECTION).doc(id);
  }

  private profileRef(uid: string): DocumentReference {
    return this.firestore.collection(USERS_COLLECTION).doc(uid);
  }

  private suppressionRef(email: string): DocumentReference {
    return this.firestore.collection(SUPPRESSIONS_COLLECTION).doc(suppressionId(email));
  }

  /** Stored preferences; null for a learner who never set any (everything on, default hours). */
  async preferences(uid: string): Promise<NotificationPreferences | null> {
    return (await this.profile(uid)).preferences;
  }

  /** What mail needs from the profile: preferences, and the timezone dates are shown in. */
  async profile(
    uid: string,
  ): Promise<{ preferences: NotificationPreferences | null; timezone: string | null }> {
    countReads();
    const snap = await this.profileRef(uid).get();
    const raw = snap.get(PREFERENCES_FIELD) as unknown;
    const zone = TimezoneSchema.safeParse(snap.get('timezone'));
    return {
      preferences: raw === undefined ? null : NotificationPreferencesSchema.parse(raw),
      timezone: zone.success ? zone.data : null,
    };
  }

  /** Reads and replaces the preferences in one transaction (a concurrent change is not lost). */
  async updatePreferences(
    uid: string,
    change: (current: NotificationPreferences | null) => NotificationPreferences,
  ): Promise<NotificationPreferences> {
    return this.firestore.runTransaction(async (tx) => {
      countReads();
      const raw = (await tx.get(this.profileRef(uid))).get(PREFERENCES_FIELD) as unknown;
      const next = change(raw === undefined ? null : NotificationPreferencesSchema.parse(raw));
      countWrites();
      tx.set(this.profileRef(uid), { [PREFERENCES_FIELD]: next }, { merge: true });
      return next;
    });
  }

  async suppression(email: string): Promise<Suppression | null> {
    countReads();
    const snap = await this.suppressionRef(email).get();
    return snap.exists ? SuppressionSchema.parse(snap.data()) : null;
  }

  /** The first reason an address was suppressed is kept; later signals change nothing. */
  async suppress(email: string, entry: Suppression): Promise<void> {
    countWrites();
    try {
      await this.suppressionRef(email).create({ ...entry, at: Timestamp.fromDate(entry.at) });
    } catch (error) {
      if (!hasCode(error, GrpcStatus.ALREADY_EXISTS)) throw error;
    }
  }

  /** Creates the mail in the transaction that decided it. */
  txCreate(tx: Transaction, id: string, document: PathwiseMailDocument): void {
    countWrites();
    tx.create(this.mailRef(id), toStored(document));
  }

  /** Creates the mail; false when a document with its id exists (a duplicate trigger). */
  async create(id: string, document: PathwiseMailDocument): Promise<boolean> {
    countWrites();
    try {
      await this.mailRef(id).create(toStored(document));
      return true;
    } catch (error) {
      if (hasCode(error, GrpcStatus.ALREADY_EXISTS)) return false;
      throw error;
    }
  }

  private scheduledRef(id: string): DocumentReference {
    return this.firestore.collection(SCHEDULED_COLLECTION).doc(id);
  }

  /** Holds a mail back until `sendAt`, in the transaction that decided it. */
  txCreateScheduled(
    tx: Transaction,
    id: string,
    document: PathwiseMailDocument,
    sendAt: Date,
  ): void {
    countWrites();
    tx.create(this.scheduledRef(id), {
      send_at: Timestamp.fromDate(sendAt),
      document: toStored(document),
    });
  }

  /** Holds a mail back until `sendAt`; false when it is held already (a duplicate trigger). */
  async createScheduled(
    id: string,
    document: PathwiseMailDocument,
    sendAt: Date,
  ): Promise<boolean> {
    countWrites();
    try {
      await this.scheduledRef(id).create({
        send_at: Timestamp.fromDate(sendAt),
        document: toStored(document),
      });
      return true;
    } catch (error) {
      if (hasCode(error, GrpcStatus.ALREADY_EXISTS)) return false;
      throw error;
    }
  }

  /** Ids of held mail whose time has come. */
  async dueScheduledIds(now: Date, limit: number): Promise<string[]> {
    const snap = await this.firestore
      .collection(SCHEDULED_COLLECTION)
      .where('send_at', '<=', Timestamp.fromDate(now))
      .orderBy('send_at')
      .limit(limit)
      .select()
      .get();
    countReads(snap.size);
    return snap.docs.map((d) => d.id);
  }

  /**
   * Moves held mail to `mail/` (the extension then sends it) in one transaction, its clock
   * restarted so the watcher measures from now. A mail id already in `mail/` is not sent again.
   */
  async release(id: string, now: Date): Promise<'released' | 'duplicate' | 'gone'> {
    return this.firestore.runTransaction(async (tx) => {
      countReads(2);
      const [held, existing] = await Promise.all([
        tx.get(this.scheduledRef(id)),
        tx.get(this.mailRef(id)),
      ]);
      if (!held.exists) return 'gone';
      countWrites(2);
      tx.delete(this.scheduledRef(id));
      if (existing.exists) return 'duplicate';
      const document = held.get('document') as Record<string, unknown>;
      tx.create(this.mailRef(id), {
        ...document,
        pathwise: {
          ...(document.pathwise as Record<string, unknown>),
          created_at: Timestamp.fromDate(now),
        },
      });
      return 'released';
    });
  }

  /** Ids of documents the watcher may have to act on: unsettled, or never picked up. */
  async unsettledIds(limit: number): Promise<string[]> {
    const mail = this.firestore.collection(MAIL_COLLECTION);
    const [unsettled, untouched] = await Promise.all([
      mail
        .where('delivery.state', 'in', [...UNSETTLED_STATES])
        .where('pathwise.watch.given_up', '==', false)
        .limit(limit)
        .select()
        .get(),
      mail.where('delivery', '==', null).limit(limit).select().get(),
    ]);
    countReads(unsettled.size + untouched.size);
    return [...new Set([...unsettled.docs, ...untouched.docs].map((d) => d.id))];
  }

  async txMail(tx: Transaction, id: string): Promise<unknown> {
    countReads();
    return (await tx.get(this.mailRef(id))).data();
  }

  txUpdateMail(tx: Transaction, id: string, patch: Patch): void {
    countWrites();
    tx.update(this.mailRef(id), toFirestore(patch));
  }

  /**
   * Records on the entity a mail was about that its learner was not reached. The entity may be
   * gone (a deleted submission): then there is nothing to record it on.
   */
  async txEntityExists(tx: Transaction, entity: EntityRef): Promise<boolean> {
    countReads();
    return (await tx.get(this.firestore.collection(entity.collection).doc(entity.id))).exists;
  }

  txRecordFailure(
    tx: Transaction,
    entity: EntityRef,
    field: [string, string],
    value: Record<string, unknown>,
  ): void {
    countWrites();
    tx.update(
      this.firestore.collection(entity.collection).doc(entity.id),
      new FieldPath(...field),
      toFirestore(value as Patch),
    );
  }
}

function toStored(document: PathwiseMailDocument): Record<string, unknown> {
  const { pathwise } = document;
  return {
    ...document,
    pathwise: { ...pathwise, created_at: Timestamp.fromDate(pathwise.created_at) },
  };
}
