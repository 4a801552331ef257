import { uploadMetrics, windowDays } from '../../../shared/insights/upload-metrics';

describe('upload metrics', () => {
  it('cuts the window into UTC days ending today, oldest first', () => {
    const days = windowDays(new Date('2026-03-01T23:30:00-05:00'), 3);
    expect(days.map((d) => d.date)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
    expect(days[2]?.start.toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(days[2]?.end.toISOString()).toBe('2026-03-03T00:00:00.000Z');
  });

  it('sums files per day, averages sizes and rates success over decided uploads only', () => {
    expect(
      uploadMetrics({
        per_day: [
          { date: '2026-03-01', files: 2 },
          { date: '2026-03-02', files: 0 },
          { date: '2026-03-03', files: 1 },
        ],
        succeeded: 3,
        failed: 1,
        in_flight: 2,
        total_bytes: 3000,
      }),
    ).toEqual({
      files: 3,
      files_per_day: [
        { date: '2026-03-01', files: 2 },
        { date: '2026-03-02', files: 0 },
        { date: '2026-03-03', files: 1 },
      ],
      average_files_per_day: 1,
      total_bytes: 3000,
      average_bytes: 1000,
      opened: 6,
      succeeded: 3,
      failed: 1,
      in_flight: 2,
      success_rate: 0.75,
    });
  });

  it('has no average size or success rate without files', () => {
    const m = uploadMetrics({ per_day: [], succeeded: 0, failed: 0, in_flight: 1, total_bytes: 0 });
    expect(m).toMatchObject({ files: 0, average_bytes: null, success_rate: null, opened: 1 });
  });
});
