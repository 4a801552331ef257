/**
 * Order statistics and rates for the insights, pure. Percentiles interpolate linearly between
 * the two nearest ranks (Hyndman & Fan type 7, what spreadsheets and NumPy call the default), so
 * the median of an even number of values is the mean of the middle two.
 */

/** The p-th percentile (0 ≤ p ≤ 1) of the values; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (p < 0 || p > 1) throw new RangeError(`Percentile ${p} is outside 0..1`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}

export const median = (values: readonly number[]): number | null => percentile(values, 0.5);

/** part / whole as a share in 0..1, to four decimals; null when there is no whole. */
export function share(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 10_000) / 10_000;
}

/** A figure rounded to `decimals` places (null stays null). */
export function rounded(value: number | null, decimals = 2): number | null {
  if (value === null) return null;
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
