import { AsyncLocalStorage } from 'node:async_hooks';

/** Every log event Pathwise emits, named in one place so dashboards and alerts can rely on them. */
export const LogEvent = {
  requestFailed: 'request_failed',
  requestRejected: 'request_rejected',
  eventIgnored: 'event_ignored',
  eventDuplicate: 'event_duplicate',
  learnerModelReplayed: 'learner_model_replayed',
  learningPathReplanned: 'learning_path_replanned',
  eventProcessed: 'event_processed',
  eventFailed: 'event_failed',
  outboxPublished: 'outbox_published',
  outboxPublishFailed: 'outbox_publish_failed',
  outlineChanged: 'outline_changed',
  enrollmentsRecomputed: 'enrollments_recomputed',
  enrollmentRepaired: 'enrollment_repaired',
  roleChanged: 'role_changed',
  certificateIssued: 'certificate_issued',
  certificateNotIssued: 'certificate_not_issued',
  generationStarted: 'generation_started',
  generationStage: 'generation_stage',
  generationFailed: 'generation_failed',
  mailQueued: 'mail_queued',
  mailSkipped: 'mail_skipped',
  mailRetried: 'mail_retried',
  mailGaveUp: 'mail_gave_up',
  unsubscribed: 'unsubscribed',
  accountRegistered: 'account_registered',
  generationModel: 'generation_model',
  accountDeletionStep: 'account_deletion_step',
  accountDeleted: 'account_deleted',
  dataExported: 'data_exported',
  pathwayArchived: 'pathway_archived',
} as const;
export type LogEventName = (typeof LogEvent)[keyof typeof LogEvent];

export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
const rank: Record<Severity, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3 };

export interface LogContext {
  requestId?: string;
  trace?: string;
  functionName?: string;
}

const contextStore = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with fields that every log line inside it carries (request id, trace). */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return contextStore.run({ ...contextStore.getStore(), ...context }, fn);
}

function currentLogContext(): LogContext {
  return contextStore.getStore() ?? {};
}

let minimumSeverity: Severity = 'INFO';

/** The composition root sets the level from the configuration once, at start. */
export function setLogLevel(level: Severity): void {
  minimumSeverity = level;
}

function write(severity: Severity, event: LogEventName, message: string, fields: object): void {
  if (rank[severity] < rank[minimumSeverity]) return;
  const ctx = currentLogContext();
  const entry: Record<string, unknown> = {
    severity,
    message,
    event,
    time: new Date().toISOString(),
    ...fields,
  };
  if (ctx.requestId) entry.request_id = ctx.requestId;
  if (ctx.functionName) entry.function = ctx.functionName;
  if (ctx.trace) entry['logging.googleapis.com/trace'] = ctx.trace;
  const line = JSON.stringify(entry, (_key, value: unknown) =>
    value instanceof Error
      ? { name: value.name, message: value.message, stack: value.stack }
      : value,
  );
  if (rank[severity] >= rank.WARNING) process.stderr.write(line + '\n');
  else process.stdout.write(line + '\n');
}

export const log = {
  debug: (event: LogEventName, message: string, fields: object = {}) =>
    write('DEBUG', event, message, fields),
  info: (event: LogEventName, message: string, fields: object = {}) =>
    write('INFO', event, message, fields),
  warn: (event: LogEventName, message: string, fields: object = {}) =>
    write('WARNING', event, message, fields),
  error: (event: LogEventName, message: string, fields: object = {}) =>
    write('ERROR', event, message, fields),
};
