import type { LearnerEvent, LearnerEventKind, Response } from '../learner/events';
import { addInto, type Part } from './additive';
import { localDay, localHour } from './time';

/**
 * A learner's day (`users/{uid}/analyticsDays/{day}`): the sum of one part per event of that
 * local day (`dayPart`), so events fold in any order, each with one blind write, and a burst of
 * them never makes two folds wait for each other. Everything stored is an integer (scores in
 * hundredths of a percent, durations in seconds) or written identically by every part (a quiz's
 * pathway, a skill's flag). What depends on order — sessions, a quiz's latest score — is kept as
 * facts keyed by time or event id and derived when the day is read (`dayView`).
 *
 * Bounded by the day: maps are keyed by the day's quizzes, skills, hours, the instants of its
 * activity and its quiz attempts (which quiz policies limit).
 */

/** A pause longer than this ends a study session. */
export const SESSION_GAP_SECONDS = 30 * 60;

/** What the learner does themselves: these make a day active and shape sessions and hours. */
export const ACTIVITY: ReadonlySet<LearnerEventKind> = new Set<LearnerEventKind>([
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

export interface ScoreSum {
  attempts: number;
  score_centis: number;
}

/** The stored day: the sum of its events' parts (fields appear once an event adds to them). */
export interface DayDoc {
  date: string;
  timezone: string;
  events: number;
  activity_events?: number;
  kinds: Partial<Record<LearnerEventKind, number>>;
  lessons_completed?: number;
  modules_completed?: number;
  pathways_completed?: number;
  started?: number;
  submitted?: number;
  uploads?: number;
  quiz?: { attempts: number; passed: number; score_centis: number };
  quizzes?: Record<
    string,
    {
      pathway_id: string;
      module_id: string | null;
      attempts: number;
      passed: number;
      score_centis: number;
      /** Each attempt's score by event id: the latest is the greatest id. */
      scores: Record<string, number>;
      skills: Record<string, true>;
    }
  >;
  skills?: Record<string, ScoreSum>;
  /** Activity events per local hour ("0"–"23"). */
  hours?: Record<string, number>;
  /** Each instant (epoch ms) with activity, and the study time reported then (seconds). */
  moments?: Record<string, number>;
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

/** A day as the analytics read it: every counter present, sessions and latest scores derived. */
export interface DayBucket {
  date: string;
  timezone: string;
  events: number;
  activity_events: number;
  kinds: Partial<Record<LearnerEventKind, number>>;
  lessons_completed: number;
  modules_completed: number;
  pathways_completed: number;
  started: number;
  submitted: number;
  uploads: number;
  quiz: { attempts: number; passed: number; score_centis: number };
  quizzes: Record<string, QuizDay>;
  skills: Record<string, ScoreSum>;
  /** Activity events per local hour (0–23). */
  hours: number[];
  /** Sessions split by pauses over SESSION_GAP_SECONDS; each lasts its span or the time reported in it, whichever is longer. */
  sessions: { count: number; seconds: number };
}

export const centis = (percentage: number): number => Math.round(percentage * 100);

/** Study time of the day: every session's length. */
export function studySeconds(day: DayBucket): number {
  return day.sessions.seconds;
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

const skillsPart = (scores: Map<string, number>): Part =>
  Object.fromEntries(
    [...scores].map(([skill, p]) => [skill, { attempts: 1, score_centis: centis(p) }]),
  );

function quizPart(event: Extract<LearnerEvent, { kind: 'quiz_attempted' }>): Part {
  const d = event.data;
  const score = centis(d.percentage);
  const passed = d.passed ? 1 : 0;
  const scores =
    d.responses.length > 0
      ? skillScores(d.responses)
      : new Map(d.skills.map((s) => [s, d.percentage]));
  return {
    quiz: { attempts: 1, passed, score_centis: score },
    quizzes: {
      [d.resource_id]: {
        pathway_id: d.pathway_id,
        module_id: d.module_id,
        attempts: 1,
        passed,
        score_centis: score,
        scores: { [event.id]: score },
        skills: Object.fromEntries(d.skills.map((s) => [s, true])),
      },
    },
    skills: skillsPart(scores),
  };
}

function kindPart(event: LearnerEvent): Part {
  switch (event.kind) {
    case 'completed':
      return {
        [`${event.data.scope === 'resource' ? 'lessons' : `${event.data.scope}s`}_completed`]: 1,
      };
    case 'started':
      return { started: 1 };
    case 'submitted':
      return { submitted: 1 };
    case 'submission_uploaded':
      return { uploads: 1 };
    case 'quiz_attempted':
      return quizPart(event);
    case 'assessment_attempted':
      return { skills: skillsPart(skillScores(event.data.responses)) };
    default:
      return {};
  }
}

/** What one event adds to its local day in `zone`. */
export function dayPart(event: LearnerEvent, zone: string): { date: string; part: Part } {
  const date = localDay(event.occurred_at, zone);
  const part: Part = {
    date,
    timezone: zone,
    events: 1,
    kinds: { [event.kind]: 1 },
    ...kindPart(event),
  };
  if (isActivity(event)) {
    const credit = event.kind === 'progressed' ? Math.round(event.data.time_added_minutes * 60) : 0;
    part.activity_events = 1;
    part.hours = { [String(localHour(event.occurred_at, zone))]: 1 };
    part.moments = { [String(Date.parse(event.occurred_at))]: credit };
  }
  return { date, part };
}

/** Sessions from the day's instants of activity and the time reported at each. */
export function sessionsOf(moments: Record<string, number>): DayBucket['sessions'] {
  const times = Object.keys(moments)
    .map(Number)
    .sort((a, b) => a - b);
  let count = 0;
  let seconds = 0;
  let start = 0;
  let last = 0;
  let credit = 0;
  const close = () => {
    seconds += Math.max(Math.round((last - start) / 1000), credit);
  };
  for (const at of times) {
    if (count > 0 && at - last <= SESSION_GAP_SECONDS * 1000) {
      last = at;
      credit += moments[String(at)] ?? 0;
      continue;
    }
    if (count > 0) close();
    count += 1;
    start = at;
    last = at;
    credit = moments[String(at)] ?? 0;
  }
  if (count > 0) close();
  return { count, seconds };
}

function latest(scores: Record<string, number>): { id: string; centis: number } {
  const id = Object.keys(scores).sort().at(-1) ?? '';
  return { id, centis: scores[id] ?? 0 };
}

/** The day as the analytics read it. */
export function dayView(doc: DayDoc): DayBucket {
  const quizzes = Object.fromEntries(
    Object.entries(doc.quizzes ?? {}).map(([id, q]) => {
      const last = latest(q.scores);
      const view: QuizDay = {
        pathway_id: q.pathway_id,
        module_id: q.module_id,
        attempts: q.attempts,
        passed: q.passed,
        score_centis: q.score_centis,
        last_centis: last.centis,
        last_event_id: last.id,
        skills: Object.keys(q.skills).sort(),
      };
      return [id, view];
    }),
  );
  return {
    date: doc.date,
    timezone: doc.timezone,
    events: doc.events,
    activity_events: doc.activity_events ?? 0,
    kinds: doc.kinds,
    lessons_completed: doc.lessons_completed ?? 0,
    modules_completed: doc.modules_completed ?? 0,
    pathways_completed: doc.pathways_completed ?? 0,
    started: doc.started ?? 0,
    submitted: doc.submitted ?? 0,
    uploads: doc.uploads ?? 0,
    quiz: doc.quiz ?? { attempts: 0, passed: 0, score_centis: 0 },
    quizzes,
    skills: doc.skills ?? {},
    hours: Array.from({ length: 24 }, (_, h) => doc.hours?.[String(h)] ?? 0),
    sessions: sessionsOf(doc.moments ?? {}),
  };
}

/** The stored days of a set of events (each event once, whatever the repeats). */
export function dayDocs(events: readonly LearnerEvent[], zone: string): Record<string, DayDoc> {
  const days: Record<string, DayDoc> = {};
  for (const event of new Map(events.map((e) => [e.id, e])).values()) {
    const { date, part } = dayPart(event, zone);
    addInto((days[date] ??= {} as DayDoc) as unknown as Record<string, unknown>, part);
  }
  return days;
}

/** One day from its events, in any order and with repeats. */
export function dayFromEvents(
  date: string,
  events: readonly LearnerEvent[],
  zone: string,
): DayBucket | null {
  const days = dayDocs(events, zone);
  const extra = Object.keys(days).find((d) => d !== date);
  if (extra) throw new RangeError(`Events of ${extra}, not ${date}`);
  return days[date] ? dayView(days[date]) : null;
}
