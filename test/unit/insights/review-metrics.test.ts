import { reviewMetrics } from '../../../shared/insights/review-metrics';

describe('review metrics', () => {
  const now = new Date('2026-03-20T12:00:00Z');

  it('reports the queue, the approval rate and the p50/p90 time to review', () => {
    expect(
      reviewMetrics(
        {
          pending: 2,
          oldest_pending_at: new Date('2026-03-19T06:00:00Z'),
          approved: 3,
          rejected: 1,
          turnaround_hours: [1, 2, 3, 10],
          turnaround_complete: true,
        },
        now,
      ),
    ).toEqual({
      pending: 2,
      oldest_pending_hours: 30,
      reviewed: 4,
      approved: 3,
      rejected: 1,
      approval_rate: 0.75,
      time_to_review_hours: { p50: 2.5, p90: 7.9, reviews: 4, complete: true },
    });
  });

  it('has no rate, age or percentiles without reviews or a queue', () => {
    expect(
      reviewMetrics(
        {
          pending: 0,
          oldest_pending_at: null,
          approved: 0,
          rejected: 0,
          turnaround_hours: [],
          turnaround_complete: true,
        },
        now,
      ),
    ).toMatchObject({
      oldest_pending_hours: null,
      approval_rate: null,
      time_to_review_hours: { p50: null, p90: null, reviews: 0 },
    });
  });
});
