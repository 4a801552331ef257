import type { QuotaKind } from '../../shared/submissions/quota-store';
import { db } from './services';

/** A person's upload quota document (`rateLimits/{uid}`) as stored, one field per kind. */
export async function quotaDoc(uid: string): Promise<Record<string, unknown> | undefined> {
  return (await db().collection('rateLimits').doc(uid).get()).data();
}

/** The uploads holding a place in one kind of a person's quota, by id. */
export async function reservedIds(uid: string, kind: QuotaKind): Promise<string[]> {
  const quota = (await quotaDoc(uid))?.[kind] as
    { reservations: { submission_id: string }[] } | undefined;
  return (quota?.reservations ?? []).map((r) => r.submission_id);
}
