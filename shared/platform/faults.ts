/**
 * Crash injection for the fault suite (issue 18). With `PATHWISE_FAULTS` naming points (a local
 * and test setting: a deployed service refuses to start with it), `crashPoint` throws once at
 * each named point for each subject that carries the point's marker, as a process dying there
 * would; the platform's retry then has to finish the work exactly once. Unset, it does nothing.
 */
export const FaultPoints = [
  /** The outbox relay published a key's entries and has not deleted them. */
  'relay.afterPublish',
  /** Finalize checked an upload and has not recorded it. */
  'finalize.beforeTransaction',
  /** An outline recompute committed one batch of enrollments and not the rest. */
  'recompute.afterBatch',
  /** Issuance stored a certificate's PDF and has not committed the certificate. */
  'issuance.afterPdf',
  /** A generation stage stored a unit's checkpoint and has not finished the stage. */
  'generation.afterUnit',
  /** A refold that moved a level band committed, and its consumer has not answered yet. */
  'refold.afterCommit',
] as const;
export type FaultPoint = (typeof FaultPoints)[number];

/**
 * Only subjects (outbox keys, object names, pathway ids, project titles, user ids) that carry the point's
 * marker crash there, e.g. a pathway `crashtest-recompute-1` at `recompute.afterBatch` only.
 */
export function faultMarker(point: FaultPoint): string {
  return `crashtest-${point.slice(0, point.indexOf('.'))}`;
}

export class InjectedFault extends Error {
  constructor(point: FaultPoint, subject: string) {
    super(`Injected fault at ${point} for ${subject}`);
    this.name = 'InjectedFault';
  }
}

let armed: ReadonlySet<FaultPoint> = new Set();
const fired = new Set<string>();

/** Called by the composition root with the configured points (none in production). */
export function setFaults(points: readonly FaultPoint[]): void {
  armed = new Set(points);
  fired.clear();
}

export function crashPoint(point: FaultPoint, subject: string): void {
  if (!armed.has(point) || !subject.includes(faultMarker(point))) return;
  const once = `${point}\u0000${subject}`;
  if (fired.has(once)) return;
  fired.add(once);
  throw new InjectedFault(point, subject);
}
