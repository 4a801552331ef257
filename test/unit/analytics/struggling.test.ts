import { replay } from '../../../shared/analytics/replay';
import { revisionRecommendations, strugglingTopics } from '../../../shared/analytics/struggling';
import { streamOf } from '../../helpers/learner-events';

const s = streamOf('u1');

describe('struggling topics and revision', () => {
  const events = [
    s.quiz('2026-01-12T10:00:00Z', 40, { resource: 'q-async', skills: ['async_programming'] }),
    s.quiz('2026-01-13T10:00:00Z', 50, { resource: 'q-async', skills: ['async_programming'] }),
    s.quiz('2026-01-13T11:00:00Z', 58, { resource: 'q-sql', skills: ['sql', 'python'] }),
    s.quiz('2026-01-14T10:00:00Z', 90, { resource: 'q-py', skills: ['python'] }),
    s.quiz('2026-01-14T11:00:00Z', 65, { resource: 'q-sql2', skills: ['sql'] }),
  ];
  const days = Object.values(replay('u1', events, 'UTC').days);

  it('lists skills averaging below the threshold, weakest first', () => {
    // sql averages 61.5 (58 and 65): practice, not struggle, at the default threshold of 60.
    expect(strugglingTopics(days)).toEqual([
      { skill: 'async_programming', avg_score: 45, attempts: 2, difficulty: 'needs_help' },
    ]);
    expect(strugglingTopics(days, 70)).toEqual([
      { skill: 'async_programming', avg_score: 45, attempts: 2, difficulty: 'needs_help' },
      { skill: 'sql', avg_score: 61.5, attempts: 2, difficulty: 'needs_practice' },
    ]);
  });

  it('recommends revising quizzes whose latest score is low, naming the weakest skill', () => {
    expect(revisionRecommendations(days)).toEqual([
      {
        resource_id: 'q-async',
        pathway_id: 'p1',
        module_id: 'm1',
        skill: 'async_programming',
        recent_score: 50,
        reason: 'Review async_programming - recent quiz score: 50%',
      },
      {
        resource_id: 'q-sql',
        pathway_id: 'p1',
        module_id: 'm1',
        skill: 'sql',
        recent_score: 58,
        reason: 'Review sql - recent quiz score: 58%',
      },
    ]);
  });
});
