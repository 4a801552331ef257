import { median, percentile, rounded, share } from '../../../shared/insights/stats';

describe('insight statistics', () => {
  it('interpolates percentiles between the nearest ranks, whatever the input order', () => {
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(91);
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([1, 2, 3], 1)).toBe(3);
  });

  it('has no percentile of nothing and refuses a share outside 0..1', () => {
    expect(median([])).toBeNull();
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });

  it('gives shares to four decimals and none of an empty whole', () => {
    expect(share(1, 3)).toBe(0.3333);
    expect(share(0, 0)).toBeNull();
    expect(rounded(2.345678)).toBe(2.35);
    expect(rounded(null)).toBeNull();
  });
});
