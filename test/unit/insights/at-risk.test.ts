import { atRiskLearners } from '../../../shared/insights/at-risk';
import type { ResourceSignal } from '../../../shared/learner/signals';
import { outline } from './outline';

const now = new Date('2026-03-20T12:00:00Z');

const signal = (resource_id: string, over: Partial<ResourceSignal> = {}): ResourceSignal => ({
  pathway_id: 'pw',
  module_id: 'm1',
  resource_id,
  started_at: '2026-03-19T10:00:00Z',
  last_activity_at: '2026-03-19T10:00:00Z',
  completed: false,
  progress_percentage: 10,
  time_spent_minutes: 5,
  rewinds: 0,
  rewind_event_ids: [],
  failed_attempts: 0,
  failed_event_ids: [],
  event_ids: ['e1'],
  ...over,
});

describe('at-risk learners', () => {
  it('applies the learner model’s struggle rule to the pathway’s resources, most reasons first', () => {
    const rows = atRiskLearners(
      'pw',
      outline,
      [
        { user_id: 'fine', resources: { 'pw/v1': signal('v1') } },
        {
          user_id: 'quiz',
          resources: {
            'pw/q1': signal('q1', { failed_attempts: 3, failed_event_ids: ['f1', 'f2', 'f3'] }),
          },
        },
        {
          user_id: 'slow',
          resources: {
            'pw/v1': signal('v1', { time_spent_minutes: 45, rewinds: 3 }),
            'pw/a1': signal('a1', { last_activity_at: '2026-03-10T12:00:00Z' }),
          },
        },
      ],
      now,
    );
    expect(rows).toEqual([
      {
        user_id: 'slow',
        reasons: [
          {
            code: 'time_over_norm',
            resource_id: 'v1',
            resource_title: 'Title v1',
            sentence: '45 minutes on Title v1, over 2× the 20 expected',
          },
          {
            code: 'rewinds',
            resource_id: 'v1',
            resource_title: 'Title v1',
            sentence: 'Rewound Title v1 3 times',
          },
          {
            code: 'stalled',
            resource_id: 'a1',
            resource_title: 'Title a1',
            sentence: 'No progress on Title a1 for 10 days',
          },
        ],
      },
      {
        user_id: 'quiz',
        reasons: [
          {
            code: 'repeated_failures',
            resource_id: 'q1',
            resource_title: 'Title q1',
            sentence: '3 failed attempts at Title q1',
          },
        ],
      },
    ]);
  });

  it('ignores other pathways’ signals, resources no longer in the outline and unset estimates', () => {
    const rows = atRiskLearners(
      'pw',
      outline,
      [
        {
          user_id: 'u',
          resources: {
            'other/v1': signal('v1', { pathway_id: 'other', failed_attempts: 9 }),
            'pw/gone': signal('gone', { failed_attempts: 9 }),
            'pw/v2': signal('v2', { time_spent_minutes: 500 }),
          },
        },
      ],
      now,
    );
    expect(rows).toEqual([]);
  });
});
