import { engagementPatterns, studyRecommendation } from '../../../shared/analytics/engagement';
import { replay } from '../../../shared/analytics/replay';
import { streamOf } from '../../helpers/learner-events';

const s = streamOf('u1');

describe('engagement patterns', () => {
  it('finds peak hours and preferred days in the learner’s own time', () => {
    // 2026-01-12 is a Monday, the 14th a Wednesday; 19:xx UTC is 20:xx in Paris.
    const events = [
      s.viewed('2026-01-12T19:00:00Z'),
      s.viewed('2026-01-12T19:10:00Z'),
      s.viewed('2026-01-14T19:05:00Z'),
      s.viewed('2026-01-14T19:20:00Z'),
      s.viewed('2026-01-14T07:00:00Z'),
      s.viewed('2026-01-16T12:00:00Z'),
    ];
    const patterns = engagementPatterns(Object.values(replay('u1', events, 'Europe/Paris').days));
    expect(patterns.peak_study_hours).toEqual([20, 8, 13]);
    expect(patterns.preferred_days).toEqual(['wednesday', 'monday']);
    expect(studyRecommendation(patterns)).toBe('You learn best on wednesday, monday around 20:00');
  });

  it('averages sessions split by 30-minute gaps', () => {
    const events = [
      s.viewed('2026-01-12T10:00:00Z'),
      s.viewed('2026-01-12T10:40:00Z'),
      s.viewed('2026-01-12T11:00:00Z'),
      s.progressed('2026-01-13T10:00:00Z', 30),
    ];
    const patterns = engagementPatterns(Object.values(replay('u1', events, 'UTC').days));
    // Sessions of 0, 20 and 30 minutes.
    expect(patterns.sessions).toBe(3);
    expect(patterns.avg_session_minutes).toBe(16.7);
  });

  it('recommends nothing before there is any activity', () => {
    const patterns = engagementPatterns([]);
    expect(patterns).toEqual({
      peak_study_hours: [],
      preferred_days: [],
      avg_session_minutes: 0,
      sessions: 0,
    });
    expect(studyRecommendation(patterns)).toBeNull();
  });
});
