import { PREFERENCES_FIELD } from '../email/repository';
import type { LearnerRecords } from './learner-records';

/** Firestore values as JSON: timestamps become ISO 8601 strings, everything else stays. */
export function toJsonValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toJsonValue);
  const maybe = value as { toDate?: unknown };
  if (typeof maybe.toDate === 'function')
    return (maybe.toDate as () => Date).call(value).toISOString();
  if (value instanceof Date) return value.toISOString();
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
}

export const EXPORT_FORMAT = 'pathwise-export/v1';

/**
 * A learner's archive: who they are, and each kind of record as stored (timestamps as ISO
 * strings). Storage locations of files are left out: they are Pathwise's, not the learner's,
 * and the learner downloads their files through the submissions API.
 */
export function exportArchive(
  account: { uid: string; email: string | null; name: string | null; role: string },
  records: LearnerRecords,
  now: Date,
) {
  const profile = { ...(records.profile ?? {}) };
  const preferences = profile[PREFERENCES_FIELD] ?? null;
  delete profile[PREFERENCES_FIELD];
  return toJsonValue({
    format: EXPORT_FORMAT,
    exported_at: now.toISOString(),
    account,
    profile,
    mail_preferences: preferences,
    enrollments: records.enrollments.map(({ id, doc }) => ({ id, ...doc })),
    quiz_attempts: records.enrollments.flatMap(({ id, quiz_attempts }) =>
      quiz_attempts.map((a) => ({ enrollment_id: id, ...(a as object) })),
    ),
    submissions: records.submissions.map(({ id, doc }) => {
      const { bucket: _bucket, object_path: _path, ...rest } = doc;
      return { id, ...rest };
    }),
    certificates: records.certificates.map(({ id, doc }) => {
      const { pdf_object_path: _path, ...rest } = doc;
      return { id, ...rest };
    }),
    media: records.media.map(({ id, doc }) => {
      const { bucket: _bucket, object_path: _path, ...rest } = doc;
      return { id, ...rest };
    }),
    learner_events: records.events,
  }) as Record<string, unknown>;
}
