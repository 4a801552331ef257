import { v5 as uuidv5 } from 'uuid';
import type { LearnerEvent, LearnerEventOf } from '../learner/events';
import type { Statement } from './schemas';

/**
 * Learner events as xAPI 1.0.3 statements, pure. Each event is one statement whose id is a
 * UUIDv5 of the event id, so every export of the same stream gives the same ids. Verbs are
 * ADL's (http://adlnet.gov/expapi/verbs/…), except submitting a file (Activity Streams'
 * `submit`, the registry's verb for it). Activity ids are the resources' API URLs on the
 * deployment's public origin. A `reopened` event — a completion or submission that no longer
 * holds — is a voiding statement that names the statement it takes back; statements are never
 * edited.
 */

/** Pathwise's namespace for statement and registration ids (UUIDv5 of its URL). */
export const XAPI_NAMESPACE = uuidv5('https://pathwise.dev/xapi', uuidv5.URL);

const ADL = 'http://adlnet.gov/expapi/verbs/';
const verb = (id: string, display: string) => ({ id, display: { 'en-US': display } });
export const Verbs = {
  experienced: verb(`${ADL}experienced`, 'experienced'),
  attempted: verb(`${ADL}attempted`, 'attempted'),
  progressed: verb(`${ADL}progressed`, 'progressed'),
  completed: verb(`${ADL}completed`, 'completed'),
  passed: verb(`${ADL}passed`, 'passed'),
  failed: verb(`${ADL}failed`, 'failed'),
  scored: verb(`${ADL}scored`, 'scored'),
  initialized: verb(`${ADL}initialized`, 'initialized'),
  registered: verb(`${ADL}registered`, 'registered'),
  mastered: verb(`${ADL}mastered`, 'mastered'),
  abandoned: verb(`${ADL}abandoned`, 'abandoned'),
  responded: verb(`${ADL}responded`, 'responded'),
  voided: verb(`${ADL}voided`, 'voided'),
  submit: verb('http://activitystrea.ms/submit', 'submitted'),
} as const;

const ActivityTypes = {
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
  module: 'http://adlnet.gov/expapi/activities/module',
  course: 'http://adlnet.gov/expapi/activities/course',
  objective: 'http://adlnet.gov/expapi/activities/objective',
  link: 'http://adlnet.gov/expapi/activities/link',
} as const;

const PROGRESS_EXTENSION = 'https://w3id.org/xapi/cmi5/result/extensions/progress';

export interface XapiContext {
  /** The deployment's public origin: the actor's home page and the activities' URLs. */
  baseUrl: string;
}

export function statementId(eventId: string): string {
  return uuidv5(eventId, XAPI_NAMESPACE);
}

/** ISO 8601 duration of a number of minutes, to the hundredth of a second. */
export function isoDuration(minutes: number): string {
  const seconds = Math.round(minutes * 6000) / 100;
  return `PT${seconds}S`;
}

type Activity = Statement['object'] & { objectType?: 'Activity' };

function activity(ctx: XapiContext, path: string, type: string): Activity {
  return { objectType: 'Activity', id: `${ctx.baseUrl}/api/v1/${path}`, definition: { type } };
}

function where(
  ctx: XapiContext,
  userId: string,
  w: { pathway_id: string; module_id: string | null },
): NonNullable<Statement['context']> {
  return {
    registration: uuidv5(`${userId}_${w.pathway_id}`, XAPI_NAMESPACE),
    platform: 'Pathwise',
    contextActivities: {
      ...(w.module_id
        ? { parent: [activity(ctx, `modules/${w.module_id}`, ActivityTypes.module)] }
        : {}),
      grouping: [activity(ctx, `pathways/${w.pathway_id}`, ActivityTypes.course)],
    },
  };
}

const resource = (ctx: XapiContext, id: string, type: string = ActivityTypes.lesson) =>
  activity(ctx, `resources/${id}`, type);

function score(
  raw: number,
  max: number,
  percentage: number,
): NonNullable<Statement['result']>['score'] {
  return { raw, min: 0, max, scaled: Math.round(percentage * 100) / 10000 };
}

type Parts = Pick<Statement, 'verb' | 'object'> & Partial<Pick<Statement, 'result' | 'context'>>;

function completedParts(ctx: XapiContext, e: LearnerEventOf<'completed'>): Parts {
  const d = e.data;
  const object =
    d.scope === 'resource'
      ? resource(ctx, d.resource_id ?? '')
      : d.scope === 'module'
        ? activity(ctx, `modules/${d.module_id ?? ''}`, ActivityTypes.module)
        : activity(ctx, `pathways/${d.pathway_id}`, ActivityTypes.course);
  const context = where(ctx, e.user_id, {
    pathway_id: d.pathway_id,
    module_id: d.scope === 'resource' ? d.module_id : null,
  });
  if (d.scope === 'pathway') delete context.contextActivities;
  return { verb: Verbs.completed, object, result: { completion: true }, context };
}

function parts(event: LearnerEvent, ctx: XapiContext, voids: string | null): Parts {
  switch (event.kind) {
    case 'viewed':
      return {
        verb: Verbs.experienced,
        object: resource(ctx, event.data.resource_id),
        context: where(ctx, event.user_id, event.data),
      };
    case 'started':
      return {
        verb: Verbs.attempted,
        object: resource(ctx, event.data.resource_id),
        context: where(ctx, event.user_id, event.data),
      };
    case 'progressed':
      return {
        verb: Verbs.progressed,
        object: resource(ctx, event.data.resource_id),
        result: {
          duration: isoDuration(event.data.time_added_minutes),
          extensions: { [PROGRESS_EXTENSION]: Math.round(event.data.progress_percentage) },
        },
        context: where(ctx, event.user_id, event.data),
      };
    case 'completed':
      return completedParts(ctx, event);
    case 'submitted':
      return {
        verb: Verbs.completed,
        object: resource(ctx, event.data.resource_id),
        result: { completion: true },
        context: where(ctx, event.user_id, event.data),
      };
    case 'reopened':
      if (voids === null)
        throw new Error(`Reopened event ${event.id} needs the statement it voids`);
      return { verb: Verbs.voided, object: { objectType: 'StatementRef', id: voids } };
    case 'progress_reset':
      return {
        verb: Verbs.initialized,
        object: activity(ctx, `pathways/${event.data.pathway_id}`, ActivityTypes.course),
      };
    case 'quiz_attempted':
      return {
        verb: event.data.passed ? Verbs.passed : Verbs.failed,
        object: resource(ctx, event.data.resource_id, ActivityTypes.assessment),
        result: {
          score: score(event.data.score, event.data.max_score, event.data.percentage),
          success: event.data.passed,
          completion: true,
        },
        context: where(ctx, event.user_id, event.data),
      };
    case 'submission_uploaded':
      return {
        verb: Verbs.submit,
        object: resource(ctx, event.data.resource_id),
        context: where(ctx, event.user_id, event.data),
      };
    case 'submission_reviewed':
      return {
        verb: event.data.approved ? Verbs.passed : Verbs.failed,
        object: resource(ctx, event.data.resource_id),
        result: {
          success: event.data.approved,
          ...(event.data.grade ? { response: event.data.grade } : {}),
        },
        context: where(ctx, event.user_id, event.data),
      };
    case 'assessment_attempted':
      return {
        verb: Verbs.scored,
        object: activity(ctx, `assessments/${event.data.assessment_id}`, ActivityTypes.assessment),
        result: {
          score: score(event.data.score, event.data.max_score, event.data.percentage),
          completion: true,
        },
      };
    case 'goal_set':
      return {
        verb:
          event.data.status === 'active'
            ? Verbs.registered
            : event.data.status === 'achieved'
              ? Verbs.mastered
              : Verbs.abandoned,
        object: activity(ctx, `learning/goals/${event.data.goal_id}`, ActivityTypes.objective),
      };
    case 'recommendation_shown':
      return {
        verb: Verbs.experienced,
        object: activity(
          ctx,
          `ai/recommendations/${event.data.recommendation_id}`,
          ActivityTypes.link,
        ),
      };
    case 'recommendation_acted':
      return {
        verb: Verbs.responded,
        object: activity(
          ctx,
          `ai/recommendations/${event.data.recommendation_id}`,
          ActivityTypes.link,
        ),
        result: { response: event.data.action },
      };
  }
}

/**
 * The statement of one event. `voids` is the id of the statement a `reopened` event takes back
 * (the learner's latest completion or submission of that resource before it); other kinds
 * ignore it.
 */
export function toStatement(
  event: LearnerEvent & { stored_at?: string },
  ctx: XapiContext,
  voids: string | null = null,
): Statement {
  return {
    id: statementId(event.id),
    actor: { objectType: 'Agent', account: { homePage: ctx.baseUrl, name: event.user_id } },
    ...parts(event, ctx, voids),
    timestamp: event.occurred_at,
    ...(event.stored_at ? { stored: event.stored_at } : {}),
    version: '1.0.3',
  };
}

/**
 * Statements of a learner's stream in order. A `reopened` event voids the statement of the
 * latest `completed` (resource) or `submitted` event of the same resource before it; `known`
 * gives those for events before the slice (a page), keyed by `{uid}/{resource_id}`; a reopen with
 * nothing known to void (its completion lies before the slice and outside `known`) is left out.
 */
export function toStatements(
  events: readonly (LearnerEvent & { stored_at?: string })[],
  ctx: XapiContext,
  known: ReadonlyMap<string, string> = new Map(),
): Statement[] {
  const done = new Map(known);
  const statements: Statement[] = [];
  for (const event of events) {
    if (event.kind === 'reopened') {
      const target = done.get(`${event.user_id}/${event.data.resource_id}`);
      if (target === undefined) continue;
      statements.push(toStatement(event, ctx, target));
      done.delete(`${event.user_id}/${event.data.resource_id}`);
      continue;
    }
    if (
      (event.kind === 'completed' && event.data.scope === 'resource' && event.data.resource_id) ||
      event.kind === 'submitted'
    )
      done.set(`${event.user_id}/${event.data.resource_id}`, statementId(event.id));
    statements.push(toStatement(event, ctx));
  }
  return statements;
}
