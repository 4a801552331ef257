import fc from 'fast-check';
import {
  BYTES_PER_DAY,
  release,
  reserve,
  UPLOADS_PER_HOUR,
  type Reservation,
} from '../../../shared/submissions/quota';

/**
 * Quota arithmetic over generated upload histories: whatever the order and sizes of requests,
 * what is admitted stays within seed 000's limits, and a refusal's wait is enough.
 */
const runs = { numRuns: 300 };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MB = 1024 * 1024;
const start = Date.UTC(2026, 10, 23);

/** Requests a few minutes apart over up to two days, of up to 40 MB each. */
const requestsArb = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 0, max: 4 * HOUR }),
      bytes: fc.integer({ min: 1, max: 40 * MB }),
    }),
    { maxLength: 60 },
  )
  .map((items) => {
    let now = start;
    return items.map(({ gap, bytes }, i): Reservation => {
      now += gap;
      return { submission_id: `s${i}`, at: now, bytes };
    });
  });

function admitAll(requests: Reservation[]) {
  let current: Reservation[] = [];
  const admitted: Reservation[] = [];
  for (const request of requests) {
    const decision = reserve(current, request);
    if (decision.ok) {
      current = decision.reservations;
      admitted.push(request);
    }
  }
  return { current, admitted };
}

describe('upload quota properties', () => {
  it('never admits more than 10 uploads in any hour or 100 MB in any day', () => {
    fc.assert(
      fc.property(requestsArb, (requests) => {
        const { admitted } = admitAll(requests);
        for (const r of admitted) {
          const hour = admitted.filter((o) => o.at <= r.at && o.at > r.at - HOUR);
          const day = admitted.filter((o) => o.at <= r.at && o.at > r.at - DAY);
          expect(hour.length).toBeLessThanOrEqual(UPLOADS_PER_HOUR);
          expect(day.reduce((sum, o) => sum + o.bytes, 0)).toBeLessThanOrEqual(BYTES_PER_DAY);
        }
      }),
      runs,
    );
  });

  it('admits a refused request once its wait has passed (if nothing else arrives)', () => {
    fc.assert(
      fc.property(requestsArb, fc.integer({ min: 1, max: 100 * MB }), (requests, bytes) => {
        const { current } = admitAll(requests);
        const now = (requests[requests.length - 1]?.at ?? start) + 1;
        const request = { submission_id: 'late', at: now, bytes };
        const decision = reserve(current, request);
        if (decision.ok) return;
        expect(decision.retryAfterSeconds).toBeGreaterThan(0);
        const later = reserve(current, { ...request, at: now + decision.retryAfterSeconds * 1000 });
        // Waiting out one limit can run into the other, never into the same one again.
        if (!later.ok) expect(later.reason).not.toBe(decision.reason);
      }),
      runs,
    );
  });

  it('decides the same whatever order the stored reservations come in', () => {
    fc.assert(
      fc.property(
        requestsArb
          .map((requests) => admitAll(requests).current)
          .chain((current) =>
            fc.record({
              current: fc.constant(current),
              shuffled: fc.shuffledSubarray(current, { minLength: current.length }),
              bytes: fc.integer({ min: 1, max: 40 * MB }),
            }),
          ),
        ({ current, shuffled, bytes }) => {
          const request = {
            submission_id: 'next',
            at: (current.at(-1)?.at ?? start) + 60_000,
            bytes,
          };
          expect(reserve(shuffled, request)).toEqual(reserve(current, request));
        },
      ),
      runs,
    );
  });

  it('gives back exactly the released reservation', () => {
    fc.assert(
      fc.property(requestsArb, fc.nat(), (requests, pick) => {
        const { current } = admitAll(requests);
        const target = current[pick % Math.max(current.length, 1)];
        if (!target) return;
        const released = release(current, target.submission_id);
        expect(released).toEqual(current.filter((r) => r !== target));
        expect(release(released, target.submission_id)).toEqual(released);
      }),
      runs,
    );
  });
});
