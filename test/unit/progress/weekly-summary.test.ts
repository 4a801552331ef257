import { Timestamp } from 'firebase-admin/firestore';
import type { PathwayDoc } from '../../../shared/catalog/model';
import {
  emptyResourceState,
  type EnrollmentDoc,
  type ResourceState,
} from '../../../shared/progress/model';
import { recommendations, weeklySummary } from '../../../shared/progress/weekly-summary';

const at = (iso: string) => Timestamp.fromDate(new Date(iso));

function state(over: Partial<ResourceState>): ResourceState {
  return {
    ...emptyResourceState(at('2025-01-01T00:00:00Z')),
    status: 'in_progress',
    ...over,
  };
}

function enrollment(
  pathwayId: string,
  resources: Record<string, ResourceState>,
  over: Partial<EnrollmentDoc> = {},
): EnrollmentDoc {
  return {
    pathway_id: pathwayId,
    resources,
    pathway: { completed_at: null } as EnrollmentDoc['pathway'],
    last_accessed_at: null,
    ...over,
  } as EnrollmentDoc;
}

// The Berlin week of Monday 10 to Sunday 16 March 2025 (CET, UTC+1).
const week = {
  from: new Date('2025-03-09T23:00:00Z'),
  until: new Date('2025-03-16T23:00:00Z'),
  end: '2025-03-16',
};

describe('weeklySummary', () => {
  it('counts completions, minutes and quizzes inside the local week only', () => {
    const quiz = (percentage: number, when: string) =>
      ({ counted_percentage: percentage, last_attempt_at: at(when) }) as ResourceState['quiz'];
    const summary = weeklySummary(
      [
        enrollment('p1', {
          a: state({
            status: 'completed',
            completed_at: at('2025-03-10T08:00:00Z'),
            time_spent_minutes: 30,
          }),
          // Sunday 23:30 in Berlin is Monday in the next week: outside.
          b: state({
            status: 'completed',
            completed_at: at('2025-03-16T23:30:00Z'),
            time_spent_minutes: 99,
          }),
          q1: state({ quiz: quiz(80, '2025-03-12T10:00:00Z') }),
          q2: state({ quiz: quiz(95, '2025-03-13T10:00:00Z') }),
        }),
        enrollment(
          'p2',
          {},
          { pathway: { completed_at: at('2025-02-01T00:00:00Z') } as EnrollmentDoc['pathway'] },
        ),
      ],
      week,
      'Europe/Berlin',
    );
    expect(summary).toEqual({
      resources_completed: 1,
      minutes_learned: 30,
      quizzes_taken: 2,
      average_quiz_score: 87.5,
      current_streak_days: 0,
      pathways_in_progress: 1,
    });
  });

  it('counts the streak of local days with activity ending on the week’s last day', () => {
    const days = ['2025-03-14T12:00:00Z', '2025-03-15T12:00:00Z', '2025-03-16T22:30:00Z'];
    const resources = Object.fromEntries(
      days.map((d, i) => [`r${i}`, state({ last_activity_at: at(d) })]),
    );
    expect(
      weeklySummary([enrollment('p', resources)], week, 'Europe/Berlin').current_streak_days,
    ).toBe(3);
    // In UTC the last one is still Sunday too; in Tokyo it is Monday, so no streak on Sunday.
    expect(
      weeklySummary([enrollment('p', resources)], week, 'Asia/Tokyo').current_streak_days,
    ).toBe(0);
  });
});

describe('recommendations', () => {
  const pathway = (title: string, ids: string[]): PathwayDoc =>
    ({
      title,
      outline: {
        modules: [
          {
            module_id: 'm',
            resources: ids.map((id, i) => ({
              resource_id: id,
              title: `Resource ${id}`,
              required: i !== 1,
              duration_minutes: 0,
            })),
          },
        ],
      },
    }) as unknown as PathwayDoc;

  it('names the next required resource of each open pathway, most recently active first', () => {
    const picks = recommendations(
      [
        enrollment('old', {}, { last_accessed_at: at('2025-03-01T00:00:00Z') }),
        enrollment(
          'recent',
          { a: state({ status: 'completed' }) },
          { last_accessed_at: at('2025-03-15T00:00:00Z') },
        ),
        enrollment(
          'done',
          {},
          { pathway: { completed_at: at('2025-03-02T00:00:00Z') } as EnrollmentDoc['pathway'] },
        ),
      ],
      new Map([
        ['old', pathway('Old', ['x', 'y'])],
        ['recent', pathway('Recent', ['a', 'optional', 'c'])],
        ['done', pathway('Done', ['z'])],
      ]),
    );
    expect(picks).toEqual([
      {
        pathway_id: 'recent',
        resource_id: 'c',
        title: 'Resource c',
        pathway_title: 'Recent',
        duration_minutes: 1,
      },
      {
        pathway_id: 'old',
        resource_id: 'x',
        title: 'Resource x',
        pathway_title: 'Old',
        duration_minutes: 1,
      },
    ]);
  });
});
