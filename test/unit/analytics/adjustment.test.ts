import { weeklyAdjustment } from '../../../shared/analytics/adjustment';
import { replay } from '../../../shared/analytics/replay';
import type { LearnerEvent } from '../../../shared/learner/events';
import { streamOf } from '../../helpers/learner-events';

const s = streamOf('u1');
const input = { today: '2026-01-28', windowDays: 28, weeklyTargetHours: null };
const daysOf = (events: LearnerEvent[]) => Object.values(replay('u1', events, 'UTC').days);

describe('the weekly path adjustment', () => {
  it('adds revision for each weak skill of the week, and lightens the load when behind target', () => {
    const days = daysOf([
      s.quiz('2026-01-26T10:00:00Z', 45, { skills: ['async_programming'] }),
      s.quiz('2026-01-27T10:00:00Z', 90, { resource: 'q2', skills: ['python'] }),
    ]);
    expect(weeklyAdjustment(days, { ...input, weeklyTargetHours: 5 })).toEqual({
      week_ending: '2026-01-28',
      adjustments: [
        {
          action: 'add_revision',
          reason: 'Review async_programming - average quiz score 45% this week',
          skills: ['async_programming'],
        },
        {
          action: 'reduce_load',
          reason: 'Studied 0 h of a 5 h weekly target - fewer new lessons this week',
          skills: [],
        },
      ],
    });
  });

  it('lightens the load when scores decline', () => {
    const days = daysOf([
      s.quiz('2026-01-10T10:00:00Z', 90),
      s.quiz('2026-01-12T10:00:00Z', 88),
      s.quiz('2026-01-26T10:00:00Z', 75),
      s.quiz('2026-01-27T10:00:00Z', 70),
    ]);
    expect(weeklyAdjustment(days, input).adjustments).toEqual([
      {
        action: 'reduce_load',
        reason: 'Quiz scores are declining - consolidating before new material',
        skills: [],
      },
    ]);
  });

  it('raises the challenge after an excellent week with nothing to revise', () => {
    const days = daysOf([
      s.quiz('2026-01-26T10:00:00Z', 90),
      s.quiz('2026-01-27T10:00:00Z', 92),
      s.quiz('2026-01-28T10:00:00Z', 94),
    ]);
    expect(weeklyAdjustment(days, input).adjustments).toEqual([
      {
        action: 'increase_challenge',
        reason: 'Excellent performance (92%) - increasing challenge',
        skills: [],
      },
    ]);
    expect(
      weeklyAdjustment(daysOf([s.quiz('2026-01-28T10:00:00Z', 95)]), input).adjustments,
    ).toEqual([]);
  });
});
