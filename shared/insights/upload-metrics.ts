import { rounded, share } from './stats';

/**
 * Upload metrics of a pathway, pure (seed 000: files uploaded per day, file sizes, upload success
 * rate). Days are UTC calendar days; the window is the `days` days ending with today.
 */

const DAY_MS = 86_400_000;

/** The window's UTC days, oldest first, as [date, start, end) with end exclusive. */
export function windowDays(now: Date, days: number): { date: string; start: Date; end: Date }[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) => {
    const start = today - (days - 1 - i) * DAY_MS;
    return {
      date: new Date(start).toISOString().slice(0, 10),
      start: new Date(start),
      end: new Date(start + DAY_MS),
    };
  });
}

export interface UploadInput {
  /** Files that arrived (finalized) on each day of the window. */
  per_day: readonly { date: string; files: number }[];
  /** Uploads opened in the window by outcome: the file arrived and passed the checks… */
  succeeded: number;
  /** …was refused (type, size, malware) or never arrived before its URL expired… */
  failed: number;
  /** …or is still awaited. */
  in_flight: number;
  total_bytes: number;
}

export interface UploadMetrics {
  files: number;
  files_per_day: { date: string; files: number }[];
  average_files_per_day: number;
  total_bytes: number;
  average_bytes: number | null;
  opened: number;
  succeeded: number;
  failed: number;
  in_flight: number;
  success_rate: number | null;
}

export function uploadMetrics(input: UploadInput): UploadMetrics {
  const files = input.per_day.reduce((sum, d) => sum + d.files, 0);
  return {
    files,
    files_per_day: input.per_day.map((d) => ({ ...d })),
    average_files_per_day: rounded(files / Math.max(1, input.per_day.length)) ?? 0,
    total_bytes: input.total_bytes,
    average_bytes: files === 0 ? null : Math.round(input.total_bytes / files),
    opened: input.succeeded + input.failed + input.in_flight,
    succeeded: input.succeeded,
    failed: input.failed,
    in_flight: input.in_flight,
    success_rate: share(input.succeeded, input.succeeded + input.failed),
  };
}
