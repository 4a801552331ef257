import { createHash } from 'node:crypto';
import type { Firestore } from 'firebase-admin/firestore';
import { resourceExhausted } from '../errors';
import { countReads, countWrites } from './io-stats';

/** A limit: at most `limit` calls per `windowSeconds` for one key (a user, an IP address). */
export interface RateRule {
  /** What the limit protects, for the 429 message: "quiz attempts". */
  what: string;
  limit: number;
  windowSeconds: number;
}

export const RATE_WINDOWS_COLLECTION = 'rateWindows';

/**
 * Fixed-window counters in Firestore, one document per rule and key (hashed, so no address or
 * uid is stored in an id). A call over the limit is refused with 429 and the seconds until the
 * window ends; the counter is one transaction on a document only that key writes.
 */
export class RateLimiter {
  constructor(private readonly firestore: Firestore) {}

  async take(rule: RateRule, key: string, now = Date.now()): Promise<void> {
    const id = createHash('sha256').update(`${rule.what}\u0000${key}`).digest('hex').slice(0, 40);
    const ref = this.firestore.collection(RATE_WINDOWS_COLLECTION).doc(id);
    const windowMs = rule.windowSeconds * 1000;
    const start = now - (now % windowMs);
    const retryAfter = await this.firestore.runTransaction(async (tx) => {
      countReads();
      const current = (await tx.get(ref)).data() as { start: number; count: number } | undefined;
      const count = current && current.start === start ? current.count : 0;
      if (count >= rule.limit) return Math.ceil((start + windowMs - now) / 1000);
      countWrites();
      tx.set(ref, { start, count: count + 1, expires_at: new Date(start + 2 * windowMs) });
      return 0;
    });
    if (retryAfter > 0) {
      throw resourceExhausted(
        `Too many ${rule.what}: at most ${rule.limit} every ${rule.windowSeconds} s`,
        retryAfter,
      );
    }
  }
}
