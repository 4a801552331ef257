import { replay } from '../../../shared/analytics/replay';
import { currentStreak } from '../../../shared/analytics/summary';
import { streamOf } from '../../helpers/learner-events';

const s = streamOf('u1');

describe('the analytics summary', () => {
  it('counts a streak across the learner’s midnight, not UTC’s', () => {
    // 23:00 and 01:00 in Tokyo: two local days; in UTC both fall on the 14th.
    const events = [s.viewed('2026-01-14T14:00:00Z'), s.viewed('2026-01-14T16:00:00Z')];
    const tokyo = replay('u1', events, 'Asia/Tokyo').summary;
    expect(tokyo.streak).toEqual({ end: '2026-01-15', length: 2 });
    expect(replay('u1', events, 'UTC').summary.streak).toEqual({ end: '2026-01-14', length: 1 });
    expect(currentStreak(tokyo, '2026-01-15')).toBe(2);
    expect(currentStreak(tokyo, '2026-01-16')).toBe(2);
    expect(currentStreak(tokyo, '2026-01-17')).toBe(0);
  });

  it('restarts the streak after a missed day and ignores days without the learner’s own activity', () => {
    const { summary } = replay(
      'u1',
      [
        s.viewed('2026-01-10T09:00:00Z'),
        s.viewed('2026-01-11T09:00:00Z'),
        s.viewed('2026-01-13T09:00:00Z'),
        s.reviewed('2026-01-14T09:00:00Z'),
      ],
      'UTC',
    );
    expect(summary.streak).toEqual({ end: '2026-01-13', length: 1 });
    expect(summary.active_days).toBe(3);
    expect(summary.first_active_day).toBe('2026-01-10');
    expect(summary.last_active_day).toBe('2026-01-13');
  });

  it('keeps each goal’s newest change, whatever order the changes come in', () => {
    const set = s.goal('2026-01-10T09:00:00Z', 'g1', 'active', 'Backend');
    const renamed = s.goal('2026-01-11T09:00:00Z', 'g1', 'active', 'Backend APIs');
    const archived = s.goal('2026-01-12T09:00:00Z', 'g2', 'archived');
    const forward = replay('u1', [set, renamed, archived], 'UTC').summary.goals;
    const backward = replay('u1', [archived, renamed, set, renamed], 'UTC').summary.goals;
    expect(backward).toEqual(forward);
    expect(forward.g1).toMatchObject({
      title: 'Backend APIs',
      status: 'active',
      event_id: renamed.id,
    });
    expect(forward.g2?.status).toBe('archived');
  });
});
