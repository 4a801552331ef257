import {
  dayFromEvents,
  foldEvent,
  SESSION_GAP_SECONDS,
  studySeconds,
  type DayBucket,
} from '../../../shared/analytics/bucket';
import type { LearnerEvent } from '../../../shared/learner/events';
import { streamOf } from '../../helpers/learner-events';

const s = streamOf('u1');

function fold(events: LearnerEvent[], zone: string): DayBucket {
  return events.reduce<DayBucket | null>((day, e) => foldEvent(day, e, zone), null) as DayBucket;
}

describe('a learner day', () => {
  it('is cut at the learner’s local midnight and counts hours in local time', () => {
    const late = s.viewed('2026-01-15T23:30:00Z');
    const paris = foldEvent(null, late, 'Europe/Paris');
    expect(paris.date).toBe('2026-01-16');
    expect(paris.hours[0]).toBe(1);
    const utc = foldEvent(null, late, 'UTC');
    expect(utc.date).toBe('2026-01-15');
    expect(utc.hours[23]).toBe(1);
  });

  it('derives sessions from gaps, counting reported time when it exceeds the span', () => {
    const day = fold(
      [
        s.viewed('2026-01-15T10:00:00Z'),
        s.progressed('2026-01-15T10:10:00Z', 5),
        s.progressed('2026-01-15T10:20:00Z', 5),
        // 70 minutes later: a new session, a single event that reports 25 minutes of work.
        s.progressed('2026-01-15T11:30:00Z', 25),
      ],
      'UTC',
    );
    expect(day.sessions.count).toBe(2);
    expect(day.sessions.closed_seconds).toBe(20 * 60);
    expect(studySeconds(day)).toBe(20 * 60 + 25 * 60);
    // A gap of exactly the limit continues the session.
    const edge = fold(
      [
        s.viewed('2026-01-15T10:00:00Z'),
        s.viewed(
          new Date(Date.parse('2026-01-15T10:00:00Z') + SESSION_GAP_SECONDS * 1000).toISOString(),
        ),
      ],
      'UTC',
    );
    expect(edge.sessions.count).toBe(1);
    expect(studySeconds(edge)).toBe(SESSION_GAP_SECONDS);
  });

  it('scores skills per question when a quiz has responses, else with the quiz score', () => {
    const response = (id: string, correct: boolean, skills: string[]) => ({
      question_id: id,
      correct,
      skills,
      difficulty: 5,
      guessing: 0.25,
    });
    const day = fold(
      [
        s.quiz('2026-01-15T09:00:00Z', 50, {
          resource: 'q1',
          skills: ['python', 'sql'],
          responses: [
            response('a', true, ['python']),
            response('b', true, ['python', 'sql']),
            response('c', false, ['sql']),
            response('d', false, ['sql']),
          ],
        }),
        s.quiz('2026-01-15T09:30:00Z', 80, { resource: 'q2', skills: ['sql'] }),
      ],
      'UTC',
    );
    expect(day.skills).toEqual({
      python: { attempts: 1, score_centis: 10000 },
      sql: { attempts: 2, score_centis: 3333 + 8000 },
    });
    expect(day.quiz).toEqual({ attempts: 2, passed: 1, score_centis: 13000 });
    expect(day.quizzes.q1).toMatchObject({
      attempts: 1,
      last_centis: 5000,
      skills: ['python', 'sql'],
    });
  });

  it('keeps what others do (a review) out of activity, hours and sessions', () => {
    const day = fold(
      [s.reviewed('2026-01-15T09:00:00Z'), s.moduleCompleted('2026-01-15T09:00:01Z')],
      'UTC',
    );
    expect(day.events).toBe(2);
    expect(day.activity_events).toBe(0);
    expect(day.hours.every((h) => h === 0)).toBe(true);
    expect(day.sessions.count).toBe(0);
    expect(day.modules_completed).toBe(1);
  });

  it('refuses an event that does not follow the day, and refolds a day from any order with repeats', () => {
    const a = s.viewed('2026-01-15T09:00:00Z');
    const b = s.completed('2026-01-15T09:10:00Z');
    const c = s.quiz('2026-01-15T09:20:00Z', 40);
    const inOrder = fold([a, b, c], 'UTC');
    expect(() => foldEvent(inOrder, b, 'UTC')).toThrow(/does not follow/);
    expect(() => foldEvent(inOrder, s.viewed('2026-01-16T09:00:00Z'), 'UTC')).toThrow(/not of/);
    expect(dayFromEvents('2026-01-15', [c, a, b, a, c], 'UTC')).toEqual(inOrder);
    expect(dayFromEvents('2026-01-15', [], 'UTC')).toBeNull();
  });
});
