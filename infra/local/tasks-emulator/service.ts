// Over 300 lines: queues, de-duplication and the dispatch loop share one scheduler state.
/**
 * The emulated Cloud Tasks service: queues and their tasks, name de-duplication, and the dispatch
 * loop. Each queue has one timer set to the exact moment its scheduler says something can happen
 * next (a task falls due, a rate-limit token arrives), so a task runs at its schedule time
 * without polling; finished dispatches and API calls re-run the loop directly.
 */
import { ApiError, invalid, notFound } from './errors';
import { Dispatcher, type AttemptOutcome } from './dispatch';
import type { TaskJournal } from './journal';
import type { OidcSigner } from '../oidc';
import {
  burstSizeFor,
  DEFAULT_MAX_DOUBLINGS,
  mayRetry,
  QueueScheduler,
  retryDelayMs,
  systemClock,
  type Clock,
} from './queue';
import {
  limits,
  parseCreateTask,
  QUEUE_ID,
  renderQueue,
  renderTask,
  statusForHttp,
  type Encoding,
  type QueueRecord,
  type TaskRecord,
  type View,
} from './resources';

export interface QueueConfig {
  name: string;
  maxDispatchesPerSecond: number;
  maxConcurrentDispatches: number;
  maxAttempts: number;
  minBackoffSeconds: number;
  maxBackoffSeconds: number;
  /** Cloud Tasks' `maxDoublings`; 16 (its default) when absent. */
  maxDoublings?: number;
}

export interface ServiceOptions {
  projectId: string;
  location: string;
  queues: readonly QueueConfig[];
  signer: OidcSigner;
  dispatchTimeoutMs: number;
  backoffScale: number;
  clock?: Clock;
  /**
   * Where tasks and queue states are kept so a restarted emulator resumes them; memory only
   * when absent.
   */
  journal?: TaskJournal;
}

/** setTimeout's ceiling; later wake-ups are re-armed when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const MAX_PAGE_SIZE = 1000;

interface QueueRuntime {
  record: QueueRecord;
  scheduler: QueueScheduler;
  /** Task name → task, for every task that exists (waiting or being dispatched). */
  tasks: Map<string, TaskRecord>;
  timer?: NodeJS.Timeout;
}

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

function log(severity: 'INFO' | 'WARNING' | 'ERROR', message: string, fields: object): void {
  const line = JSON.stringify({
    severity,
    message,
    component: 'tasks-emulator',
    time: new Date().toISOString(),
    ...fields,
  });
  (severity === 'INFO' ? process.stdout : process.stderr).write(line + '\n');
}

function validateQueue(queue: QueueConfig): void {
  const problem = (text: string) => new Error(`Queue ${queue.name}: ${text}`);
  if (!QUEUE_ID.test(queue.name)) {
    throw problem('the id may contain only letters, digits and hyphens, at most 100');
  }
  if (!(queue.maxDispatchesPerSecond > 0)) throw problem('maxDispatchesPerSecond must be > 0');
  if (!Number.isInteger(queue.maxConcurrentDispatches) || queue.maxConcurrentDispatches < 1) {
    throw problem('maxConcurrentDispatches must be an integer ≥ 1');
  }
  if (!Number.isInteger(queue.maxAttempts) || queue.maxAttempts === 0 || queue.maxAttempts < -1) {
    throw problem('maxAttempts must be -1 (unlimited) or an integer ≥ 1');
  }
  if (!(queue.minBackoffSeconds >= 0) || !(queue.maxBackoffSeconds >= queue.minBackoffSeconds)) {
    throw problem('backoffs must satisfy 0 ≤ minBackoffSeconds ≤ maxBackoffSeconds');
  }
  const doublings = queue.maxDoublings ?? DEFAULT_MAX_DOUBLINGS;
  if (!Number.isInteger(doublings) || doublings < 0) {
    throw problem('maxDoublings must be an integer ≥ 0');
  }
}

function encodePageToken(lastName: string): string {
  return Buffer.from(lastName).toString('base64url');
}

function decodePageToken(token: string): string {
  const name = Buffer.from(token, 'base64url').toString();
  if (!name || encodePageToken(name) !== token) throw invalid('Invalid page token');
  return name;
}

function paginate<T>(
  sorted: readonly T[],
  keyOf: (item: T) => string,
  pageSize: number | undefined,
  pageToken: string | undefined,
): Page<T> {
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 0)) {
    throw invalid('page_size must be a non-negative integer');
  }
  const size = !pageSize ? MAX_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
  const after = pageToken ? decodePageToken(pageToken) : undefined;
  const rest = after === undefined ? sorted : sorted.filter((item) => keyOf(item) > after);
  const items = rest.slice(0, size);
  const last = items[items.length - 1];
  return rest.length > size && last !== undefined
    ? { items, nextPageToken: encodePageToken(keyOf(last)) }
    : { items };
}

export class TasksService {
  readonly parent: string;
  private readonly queues = new Map<string, QueueRuntime>();
  /** Task name → when it may be used again (named tasks that were deleted or finished). */
  private readonly tombstones = new Map<string, number>();
  private tombstonesSweptAt = 0;
  /** Generated names are random, so only caller-chosen names need a tombstone. */
  private readonly namedTasks = new Set<string>();
  private readonly dispatcher = new Dispatcher();
  private readonly clock: Clock;
  /** Aborts every dispatch in flight; replaced on reset so later dispatches are unaffected. */
  private inflight = new AbortController();
  private idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(private readonly options: ServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.parent = `projects/${options.projectId}/locations/${options.location}`;
    for (const config of options.queues) {
      validateQueue(config);
      const name = `${this.parent}/queues/${config.name}`;
      if (this.queues.has(name)) throw new Error(`Queue ${config.name} is declared twice`);
      const rateLimits = {
        maxDispatchesPerSecond: config.maxDispatchesPerSecond,
        maxBurstSize: burstSizeFor(config.maxDispatchesPerSecond),
        maxConcurrentDispatches: config.maxConcurrentDispatches,
      };
      const record: QueueRecord = {
        name,
        id: config.name,
        rateLimits,
        retry: {
          maxAttempts: config.maxAttempts,
          minBackoffMs: config.minBackoffSeconds * 1000,
          maxBackoffMs: config.maxBackoffSeconds * 1000,
          maxDoublings: config.maxDoublings ?? DEFAULT_MAX_DOUBLINGS,
        },
        state: 'RUNNING',
      };
      this.queues.set(name, {
        record,
        scheduler: new QueueScheduler(rateLimits, this.clock),
        tasks: new Map(),
      });
    }
    if (options.journal) this.restore(options.journal);
  }

  /**
   * Takes up what a previous emulator on the same journal left: paused queues stay paused, and
   * every task is scheduled for its recorded time. A task that was being dispatched when that
   * emulator stopped is due already, so it is dispatched again: at least once, as in the cloud.
   */
  private restore(journal: TaskJournal): void {
    const { tasks, tombstones, queues } = journal.load(this.clock.now());
    for (const [name, state] of Object.entries(queues)) {
      const queue = this.queues.get(name);
      if (!queue) continue;
      queue.record.state = state.state;
      if (state.purgeTime !== undefined) queue.record.purgeTime = state.purgeTime;
      if (state.state === 'PAUSED') queue.scheduler.pause();
    }
    for (const [name, until] of tombstones) this.tombstones.set(name, until);
    for (const { named, ...saved } of tasks) {
      const queue = this.queues.get(saved.name.slice(0, saved.name.lastIndexOf('/tasks/')));
      if (!queue) {
        log('WARNING', 'A saved task of a queue the manifest no longer has was dropped', {
          task: saved.name,
        });
        journal.removeTask(saved.name);
        continue;
      }
      const task: TaskRecord = { ...saved, queue: queue.record };
      if (named) this.namedTasks.add(task.name);
      queue.tasks.set(task.name, task);
      queue.scheduler.schedule(task.name, task.scheduleTime);
    }
    for (const queue of this.queues.values()) this.pump(queue);
  }

  private saveTask(task: TaskRecord): void {
    this.options.journal?.saveTask(task, this.namedTasks.has(task.name));
  }

  private saveQueues(): void {
    this.options.journal?.saveQueues([...this.queues.values()].map((q) => q.record));
  }

  private queue(name: string): QueueRuntime {
    const queue = this.queues.get(name);
    if (!queue) {
      throw notFound(`Queue ${name} does not exist. The emulator has the manifest's queues only.`);
    }
    return queue;
  }

  private checkParent(parent: string): void {
    if (parent !== this.parent) {
      throw notFound(`Location ${parent} is not emulated; queues live in ${this.parent}`);
    }
  }

  getQueue(name: string, encoding: Encoding): Record<string, unknown> {
    return renderQueue(this.queue(name).record, encoding);
  }

  listQueues(
    parent: string,
    pageSize: number | undefined,
    pageToken: string | undefined,
    encoding: Encoding,
  ): Page<Record<string, unknown>> {
    this.checkParent(parent);
    const records = [...this.queues.values()]
      .map((q) => q.record)
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const page = paginate(records, (q) => q.name, pageSize, pageToken);
    return { ...page, items: page.items.map((q) => renderQueue(q, encoding)) };
  }

  purgeQueue(name: string, encoding: Encoding): Record<string, unknown> {
    const queue = this.queue(name);
    for (const task of queue.tasks.values()) this.forget(queue, task);
    queue.record.purgeTime = this.clock.now();
    this.saveQueues();
    this.settled();
    return renderQueue(queue.record, encoding);
  }

  pauseQueue(name: string, encoding: Encoding): Record<string, unknown> {
    const queue = this.queue(name);
    queue.record.state = 'PAUSED';
    queue.scheduler.pause();
    this.saveQueues();
    this.pump(queue);
    return renderQueue(queue.record, encoding);
  }

  resumeQueue(name: string, encoding: Encoding): Record<string, unknown> {
    const queue = this.queue(name);
    queue.record.state = 'RUNNING';
    queue.scheduler.resume();
    this.saveQueues();
    this.pump(queue);
    return renderQueue(queue.record, encoding);
  }

  private task(name: string): { queue: QueueRuntime; task: TaskRecord } {
    const slash = name.lastIndexOf('/tasks/');
    const queue = this.queue(slash < 0 ? name : name.slice(0, slash));
    const task = queue.tasks.get(name);
    if (!task) {
      throw notFound(
        this.isTombstoned(name)
          ? 'The task no longer exists, though a task with this name existed recently. The task either successfully completed or was deleted.'
          : `Task ${name} does not exist.`,
      );
    }
    return { queue, task };
  }

  private render(task: TaskRecord, view: View, encoding: Encoding): Record<string, unknown> {
    return renderTask(task, view, encoding, this.options.dispatchTimeoutMs);
  }

  private isTombstoned(name: string): boolean {
    const until = this.tombstones.get(name);
    if (until === undefined) return false;
    if (until > this.clock.now()) return true;
    this.tombstones.delete(name);
    return false;
  }

  private sweepTombstones(): void {
    const now = this.clock.now();
    if (now - this.tombstonesSweptAt < 60_000) return;
    this.tombstonesSweptAt = now;
    for (const [name, until] of this.tombstones) if (until <= now) this.tombstones.delete(name);
  }

  createTask(parent: string, body: unknown, encoding: Encoding): Record<string, unknown> {
    const queue = this.queue(parent);
    const now = this.clock.now();
    const parsed = parseCreateTask(body, queue.record, now);
    const name = `${queue.record.name}/tasks/${parsed.id}`;
    this.sweepTombstones();
    if (queue.tasks.has(name)) {
      throw new ApiError('ALREADY_EXISTS', 'Requested entity already exists');
    }
    if (this.isTombstoned(name)) {
      throw new ApiError(
        'ALREADY_EXISTS',
        'The task cannot be created because a task with this name existed too recently.',
      );
    }
    const task: TaskRecord = {
      name,
      id: parsed.id,
      queue: queue.record,
      httpRequest: parsed.httpRequest,
      // Cloud Tasks truncates createTime to the second.
      createTime: Math.floor(now / 1000) * 1000,
      scheduleTime: parsed.scheduleTime,
      dispatchCount: 0,
      responseCount: 0,
      executionCount: 0,
      ...(parsed.dispatchDeadlineMs === undefined
        ? {}
        : { dispatchDeadlineMs: parsed.dispatchDeadlineMs }),
    };
    if (parsed.named) this.namedTasks.add(name);
    queue.tasks.set(name, task);
    this.saveTask(task);
    queue.scheduler.schedule(name, task.scheduleTime);
    const rendered = this.render(task, parsed.view, encoding);
    this.pump(queue);
    return rendered;
  }

  getTask(name: string, view: View, encoding: Encoding): Record<string, unknown> {
    return this.render(this.task(name).task, view, encoding);
  }

  listTasks(
    parent: string,
    view: View,
    pageSize: number | undefined,
    pageToken: string | undefined,
    encoding: Encoding,
  ): Page<Record<string, unknown>> {
    const queue = this.queue(parent);
    const tasks = [...queue.tasks.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    const page = paginate(tasks, (t) => t.name, pageSize, pageToken);
    return { ...page, items: page.items.map((t) => this.render(t, view, encoding)) };
  }

  deleteTask(name: string): void {
    const { queue, task } = this.task(name);
    this.forget(queue, task);
    this.pump(queue);
  }

  /** Dispatches now, regardless of schedule, rate limits, concurrency or a paused queue. */
  runTask(name: string, view: View, encoding: Encoding): Record<string, unknown> {
    const { queue, task } = this.task(name);
    queue.scheduler.cancel(name);
    queue.scheduler.begin();
    task.scheduleTime = this.clock.now();
    this.attempt(queue, task);
    return this.render(task, view, encoding);
  }

  /** Removes a task for good; its name stays taken for the de-duplication window. */
  private forget(queue: QueueRuntime, task: TaskRecord): void {
    queue.tasks.delete(task.name);
    queue.scheduler.cancel(task.name);
    if (this.namedTasks.delete(task.name)) {
      const until = this.clock.now() + limits.dedupWindowMs;
      this.tombstones.set(task.name, until);
      this.options.journal?.removeTask(task.name, until);
    } else this.options.journal?.removeTask(task.name);
  }

  private pump(queue: QueueRuntime): void {
    if (this.stopped) return;
    const { due, wakeAt } = queue.scheduler.take();
    for (const name of due) {
      const task = queue.tasks.get(name);
      if (task) this.attempt(queue, task);
      else queue.scheduler.finish();
    }
    if (queue.timer) clearTimeout(queue.timer);
    queue.timer = undefined;
    if (wakeAt !== undefined) {
      const delay = Math.min(MAX_TIMER_MS, Math.max(0, wakeAt - this.clock.now()));
      queue.timer = setTimeout(() => this.pump(queue), delay);
      queue.timer.unref();
    }
    this.settled();
  }

  private attempt(queue: QueueRuntime, task: TaskRecord): void {
    const now = this.clock.now();
    const request = task.httpRequest;
    const headers: Record<string, string> = {};
    for (const [headerName, value] of Object.entries(request.headers)) {
      if (!(request.oidcToken && headerName.toLowerCase() === 'authorization')) {
        headers[headerName] = value;
      }
    }
    headers['User-Agent'] = 'Google-Cloud-Tasks';
    headers['X-CloudTasks-QueueName'] = queue.record.id;
    headers['X-CloudTasks-TaskName'] = task.id;
    // Retries count every earlier attempt; executions only those answered below 500.
    headers['X-CloudTasks-TaskRetryCount'] = String(task.dispatchCount);
    headers['X-CloudTasks-TaskExecutionCount'] = String(task.executionCount);
    headers['X-CloudTasks-TaskETA'] = (task.scheduleTime / 1000).toFixed(6);
    if (task.previousResponse !== undefined) {
      headers['X-CloudTasks-TaskPreviousResponse'] = String(task.previousResponse);
    }
    if (request.oidcToken) {
      const audience = request.oidcToken.audience ?? request.url;
      const token = this.options.signer.sign(request.oidcToken.serviceAccountEmail, audience, now);
      headers.Authorization = `Bearer ${token}`;
    }

    task.dispatchCount += 1;
    task.firstAttempt ??= { scheduleTime: task.scheduleTime, dispatchTime: now };
    const attempt = { scheduleTime: task.scheduleTime, dispatchTime: now };
    task.lastAttempt = attempt;
    this.saveTask(task);

    const signal = this.inflight.signal;
    this.dispatcher
      .send(
        {
          url: request.url,
          method: request.httpMethod,
          headers,
          ...(request.body ? { body: request.body } : {}),
          timeoutMs: task.dispatchDeadlineMs ?? this.options.dispatchTimeoutMs,
        },
        signal,
      )
      .then((outcome) => {
        // A reset or stop already forgot this dispatch, its slot included.
        if (signal.aborted || outcome.kind === 'aborted') return;
        queue.scheduler.finish();
        // Deleted meanwhile, or superseded by a RunTask attempt: this answer decides nothing.
        if (queue.tasks.get(task.name) === task && task.lastAttempt === attempt) {
          this.settle(queue, task, outcome);
        }
        this.pump(queue);
      })
      .catch((err: unknown) =>
        log('ERROR', 'The emulator failed to process a dispatch', {
          task: task.name,
          err: String(err),
        }),
      );
  }

  private settle(queue: QueueRuntime, task: TaskRecord, outcome: AttemptOutcome): void {
    const now = this.clock.now();
    const attempt = task.lastAttempt;
    if (outcome.kind === 'response') {
      task.responseCount += 1;
      if (outcome.status < 500) task.executionCount += 1;
      task.previousResponse = outcome.status;
      if (attempt) {
        attempt.responseTime = now;
        attempt.responseStatus = statusForHttp(outcome.status);
      }
      if (outcome.status >= 200 && outcome.status < 300) {
        this.forget(queue, task);
        return;
      }
    } else if (attempt) {
      attempt.responseTime = now;
      attempt.responseStatus =
        outcome.kind === 'timeout'
          ? { code: 4, message: 'The dispatch deadline passed before the target answered' }
          : { code: 14, message: outcome.kind === 'unreachable' ? outcome.message : 'aborted' };
    }

    const retry = queue.record.retry;
    if (!mayRetry(retry, task.dispatchCount)) {
      this.forget(queue, task);
      log('WARNING', 'Task dropped after its last attempt', {
        task: task.name,
        attempts: task.dispatchCount,
        maxAttempts: retry.maxAttempts,
        lastStatus: attempt?.responseStatus,
      });
      return;
    }
    const backoff = retryDelayMs(retry, task.dispatchCount);
    const requested = outcome.kind === 'response' ? (outcome.retryAfterMs ?? 0) : 0;
    const delay = Math.round(Math.max(backoff, requested) * this.options.backoffScale);
    task.scheduleTime = now + delay;
    this.saveTask(task);
    queue.scheduler.schedule(task.name, task.scheduleTime);
  }

  isIdle(): boolean {
    for (const queue of this.queues.values()) if (!queue.scheduler.isIdle()) return false;
    return true;
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private settled(): void {
    if (this.idleWaiters.length === 0 || !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Forgets, in memory only, every task and dispatch in flight. */
  private drop(): void {
    this.inflight.abort();
    this.inflight = new AbortController();
    for (const queue of this.queues.values()) {
      if (queue.timer) clearTimeout(queue.timer);
      queue.timer = undefined;
      queue.tasks.clear();
      queue.scheduler.clear();
    }
  }

  /** Drops every task and dispatch in flight, and frees every name; queues stay. */
  reset(): void {
    this.drop();
    for (const queue of this.queues.values()) {
      queue.record.state = 'RUNNING';
      queue.scheduler.resume();
      delete queue.record.purgeTime;
    }
    this.tombstones.clear();
    this.namedTasks.clear();
    this.options.journal?.clear();
    this.settled();
  }

  /**
   * Stops dispatching. With a journal, the tasks stay on disk for the next emulator (a dispatch
   * cut short here is dispatched again there); without one they are gone.
   */
  stop(): void {
    this.drop();
    this.stopped = true;
    this.settled();
    this.dispatcher.close();
  }
}
