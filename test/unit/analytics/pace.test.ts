import { learningPace } from '../../../shared/analytics/pace';
import { replay } from '../../../shared/analytics/replay';
import { streamOf } from '../../helpers/learner-events';

const s = streamOf('u1');
const study = (day: string, minutes: number) => s.progressed(`${day}T10:00:00Z`, minutes);

describe('learning pace', () => {
  const input = { today: '2026-01-28', windowDays: 28, weeklyTargetHours: null };

  it('measures the last seven days against the weekly hours the learner chose', () => {
    const days = Object.values(replay('u1', [study('2026-01-27', 300)], 'UTC').days);
    expect(learningPace(days, { ...input, weeklyTargetHours: 4 })).toEqual({
      learning_pace: 'ahead',
      last_7_days_hours: 5,
      weekly_target_hours: 4,
      target_source: 'preference',
    });
    expect(learningPace(days, { ...input, weeklyTargetHours: 5 }).learning_pace).toBe('on_track');
    expect(learningPace(days, { ...input, weeklyTargetHours: 7 }).learning_pace).toBe('behind');
  });

  it('without a preference, against the learner’s own earlier weeks', () => {
    // Three earlier weeks of 3 h each (22 Jan back to 1 Jan), then 1 h this week.
    const events = [
      study('2026-01-05', 180),
      study('2026-01-12', 180),
      study('2026-01-19', 180),
      study('2026-01-25', 60),
    ];
    const pace = learningPace(Object.values(replay('u1', events, 'UTC').days), input);
    expect(pace).toEqual({
      learning_pace: 'behind',
      last_7_days_hours: 1,
      weekly_target_hours: 3,
      target_source: 'history',
    });
  });

  it('without any target: on track with study this week, behind without', () => {
    const days = Object.values(replay('u1', [study('2026-01-27', 30)], 'UTC').days);
    expect(learningPace(days, input).learning_pace).toBe('on_track');
    expect(learningPace([], input)).toMatchObject({
      learning_pace: 'behind',
      target_source: 'none',
    });
  });
});
