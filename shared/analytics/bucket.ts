import {
  compareEvents,
  type LearnerEvent,
  type LearnerEventKind,
  type Response,
} from '../learner/events';
import { localDay, localHour } from './time';

/**
 * A learner's day, folded from the events of that local day (`users/{uid}/analyticsDays/{day}`).
 * Pure: `foldEvent` adds one event to the day, `dayFromEvents` folds a whole day. Events are
 * folded in stream order (by id, which is by time), so the incremental path and a replay from
 * scratch build the same document. Every stored number is an integer (scores in hundredths of a
 * percent, durations in seconds), so sums do not depend on the order they were added in.
 *
 * Bounded: maps are keyed by the quizzes and skills of one day, the hours array has 24 slots,
 * and a session is folded into totals as soon as the next one starts.
 */

/** A pause longer than this ends a study session. */
export const SESSION_GAP_SECONDS = 30 * 60;

/** What the learner does themselves: these make a day active and shape sessions and hours. */
const ACTIVITY: ReadonlySet<LearnerEventKind> = new Set<LearnerEventKind>([
  'viewed',
  'started',
  'progressed',
  'completed',
  'submitted',
  'quiz_attempted',
  'submission_uploaded',
  'assessment_attempted',
  'goal_set',
  'recommendation_acted',
]);

export function isActivity(event: LearnerEvent): boolean {
  if (event.kind === 'completed') return event.data.scope === 'resource';
  return ACTIVITY.has(event.kind);
}

export interface QuizDay {
  pathway_id: string;
  module_id: string | null;
  attempts: number;
  passed: number;
  score_centis: number;
  /** The day's latest attempt: what a revision recommendation quotes. */
  last_centis: number;
  last_event_id: string;
  skills: string[];
}

export interface ScoreSum {
  attempts: number;
  score_centis: number;
}

export interface OpenSession {
  start_ms: number;
  last_ms: number;
  /** Time the learner reported spending (progress events), which may exceed the event span. */
  credit_seconds: number;
}

export interface DayBucket {
  date: string;
  timezone: string;
  events: number;
  activity_events: number;
  first_event_id: string;
  last_event_id: string;
  kinds: Partial<Record<LearnerEventKind, number>>;
  lessons_completed: number;
  modules_completed: number;
  pathways_completed: number;
  started: number;
  submitted: number;
  uploads: number;
  quiz: { attempts: number; passed: number; score_centis: number };
  /** Per quiz resource. */
  quizzes: Record<string, QuizDay>;
  /** Per skill, from quiz and assessment responses. */
  skills: Record<string, ScoreSum>;
  /** Activity events per local hour (0–23). */
  hours: number[];
  sessions: { count: number; closed_seconds: number; open: OpenSession | null };
}

export const centis = (percentage: number): number => Math.round(percentage * 100);

export function sessionSeconds(open: OpenSession | null): number {
  if (!open) return 0;
  return Math.max(Math.round((open.last_ms - open.start_ms) / 1000), open.credit_seconds);
}

/** Study time of the day: every session's length, the open one included. */
export function studySeconds(day: DayBucket): number {
  return day.sessions.closed_seconds + sessionSeconds(day.sessions.open);
}

export function emptyDay(date: string, timezone: string): DayBucket {
  return {
    date,
    timezone,
    events: 0,
    activity_events: 0,
    first_event_id: '',
    last_event_id: '',
    kinds: {},
    lessons_completed: 0,
    modules_completed: 0,
    pathways_completed: 0,
    started: 0,
    submitted: 0,
    uploads: 0,
    quiz: { attempts: 0, passed: 0, score_centis: 0 },
    quizzes: {},
    skills: {},
    hours: Array.from({ length: 24 }, () => 0),
    sessions: { count: 0, closed_seconds: 0, open: null },
  };
}

/** Per skill, the share of a response set answered right (a response may test several skills). */
function skillScores(responses: readonly Response[]): Map<string, number> {
  const tally = new Map<string, { right: number; all: number }>();
  for (const r of responses)
    for (const skill of r.skills) {
      const t = tally.get(skill) ?? { right: 0, all: 0 };
      t.all += 1;
      if (r.correct) t.right += 1;
      tally.set(skill, t);
    }
  return new Map([...tally].map(([skill, t]) => [skill, (t.right / t.all) * 100]));
}

function addSkills(day: DayBucket, scores: Map<string, number>): void {
  for (const [skill, percentage] of [...scores].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const s = day.skills[skill] ?? { attempts: 0, score_centis: 0 };
    day.skills[skill] = {
      attempts: s.attempts + 1,
      score_centis: s.score_centis + centis(percentage),
    };
  }
}

function addSession(day: DayBucket, atMs: number, creditSeconds: number): void {
  const { open } = day.sessions;
  if (open && atMs - open.last_ms <= SESSION_GAP_SECONDS * 1000) {
    day.sessions.open = {
      start_ms: open.start_ms,
      last_ms: atMs,
      credit_seconds: open.credit_seconds + creditSeconds,
    };
    return;
  }
  day.sessions = {
    count: day.sessions.count + 1,
    closed_seconds: day.sessions.closed_seconds + sessionSeconds(open),
    open: { start_ms: atMs, last_ms: atMs, credit_seconds: creditSeconds },
  };
}

function foldQuiz(day: DayBucket, event: Extract<LearnerEvent, { kind: 'quiz_attempted' }>): void {
  const d = event.data;
  const score = centis(d.percentage);
  day.quiz = {
    attempts: day.quiz.attempts + 1,
    passed: day.quiz.passed + (d.passed ? 1 : 0),
    score_centis: day.quiz.score_centis + score,
  };
  const q = day.quizzes[d.resource_id];
  day.quizzes[d.resource_id] = {
    pathway_id: d.pathway_id,
    module_id: d.module_id,
    attempts: (q?.attempts ?? 0) + 1,
    passed: (q?.passed ?? 0) + (d.passed ? 1 : 0),
    score_centis: (q?.score_centis ?? 0) + score,
    last_centis: score,
    last_event_id: event.id,
    skills: [...d.skills].sort(),
  };
  const scores =
    d.responses.length > 0
      ? skillScores(d.responses)
      : new Map(d.skills.map((s) => [s, d.percentage]));
  addSkills(day, scores);
}

/**
 * The day with one more event. The event belongs to this day in `zone` and comes after every
 * event already folded (its id is greater): the caller refolds the whole day otherwise.
 */
export function foldEvent(before: DayBucket | null, event: LearnerEvent, zone: string): DayBucket {
  const date = localDay(event.occurred_at, zone);
  if (before && before.date !== date)
    throw new RangeError(`Event ${event.id} is not of ${before.date}`);
  if (before && event.id <= before.last_event_id)
    throw new RangeError(`Event ${event.id} does not follow ${before.last_event_id}`);
  const day: DayBucket = structuredClone(before ?? emptyDay(date, zone));
  day.events += 1;
  if (day.first_event_id === '') day.first_event_id = event.id;
  day.last_event_id = event.id;
  day.kinds[event.kind] = (day.kinds[event.kind] ?? 0) + 1;
  switch (event.kind) {
    case 'completed':
      if (event.data.scope === 'resource') day.lessons_completed += 1;
      else if (event.data.scope === 'module') day.modules_completed += 1;
      else day.pathways_completed += 1;
      break;
    case 'started':
      day.started += 1;
      break;
    case 'submitted':
      day.submitted += 1;
      break;
    case 'submission_uploaded':
      day.uploads += 1;
      break;
    case 'quiz_attempted':
      foldQuiz(day, event);
      break;
    case 'assessment_attempted':
      addSkills(day, skillScores(event.data.responses));
      break;
    default:
      break;
  }
  if (isActivity(event)) {
    day.activity_events += 1;
    const hour = localHour(event.occurred_at, zone);
    day.hours[hour] = (day.hours[hour] ?? 0) + 1;
    const credit = event.kind === 'progressed' ? Math.round(event.data.time_added_minutes * 60) : 0;
    addSession(day, Date.parse(event.occurred_at), credit);
  }
  return day;
}

/** A whole day from its events, in any order and with repeats: what a replay stores. */
export function dayFromEvents(
  date: string,
  events: readonly LearnerEvent[],
  zone: string,
): DayBucket | null {
  const unique = [...new Map(events.map((e) => [e.id, e])).values()].sort(compareEvents);
  let day: DayBucket | null = null;
  for (const event of unique) day = foldEvent(day, event, zone);
  if (day && day.date !== date) throw new RangeError(`Events of ${day.date}, not ${date}`);
  return day;
}
