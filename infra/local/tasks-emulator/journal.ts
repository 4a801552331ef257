/**
 * The emulator's state on disk, so a restarted emulator carries on where the stopped one was:
 * one file per task (its request, schedule and attempt counts; a named task that finished or
 * was deleted leaves a tombstone in its place for the de-duplication window) and one file with
 * the queues' paused state and purge times. Every write goes to a temporary file first and is
 * renamed over the old one, so a process killed at any moment leaves either the old or the new
 * state of a file, never half of one. Synchronous on purpose: the service's bookkeeping is
 * synchronous, and a task's state is on disk before the API answers or the next dispatch starts.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeAtomically } from '../atomic-file';
import type { QueueRecord, TaskRecord } from './resources';

const AttemptSchema = z.object({
  scheduleTime: z.number(),
  dispatchTime: z.number(),
  responseTime: z.number().optional(),
  responseStatus: z.object({ code: z.number(), message: z.string() }).optional(),
});

const TaskFileSchema = z.object({
  name: z.string(),
  id: z.string(),
  named: z.boolean(),
  httpRequest: z.object({
    url: z.string(),
    httpMethod: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.string().optional(),
    oidcToken: z
      .object({ serviceAccountEmail: z.string(), audience: z.string().optional() })
      .optional(),
  }),
  createTime: z.number(),
  dispatchDeadlineMs: z.number().optional(),
  scheduleTime: z.number(),
  dispatchCount: z.number(),
  responseCount: z.number(),
  executionCount: z.number(),
  previousResponse: z.number().optional(),
  firstAttempt: AttemptSchema.optional(),
  lastAttempt: AttemptSchema.optional(),
});

const TombstoneFileSchema = z.object({ name: z.string(), tombstoneUntil: z.number() });

const QueuesFileSchema = z.record(
  z.string(),
  z.object({ state: z.enum(['RUNNING', 'PAUSED']), purgeTime: z.number().optional() }),
);

export type PersistedTask = Omit<TaskRecord, 'queue'> & { named: boolean };
export type PersistedQueues = z.infer<typeof QueuesFileSchema>;

export interface JournalContents {
  tasks: PersistedTask[];
  /** Task name → until when its name stays taken. */
  tombstones: Map<string, number>;
  queues: PersistedQueues;
}

export class TaskJournal {
  private readonly tasksDir: string;
  private readonly queuesFile: string;

  constructor(dir: string) {
    this.tasksDir = path.join(dir, 'tasks');
    this.queuesFile = path.join(dir, 'queues.json');
    mkdirSync(this.tasksDir, { recursive: true });
  }

  private fileOf(taskName: string): string {
    return path.join(this.tasksDir, `${createHash('sha256').update(taskName).digest('hex')}.json`);
  }

  saveTask(task: TaskRecord, named: boolean): void {
    const { queue: _queue, httpRequest, ...rest } = task;
    const { body, ...request } = httpRequest;
    const file = {
      ...rest,
      named,
      httpRequest: { ...request, ...(body ? { body: body.toString('base64') } : {}) },
    };
    writeAtomically(this.fileOf(task.name), JSON.stringify(file));
  }

  /** Removes a task; a tombstone keeps its name taken until `tombstoneUntil`. */
  removeTask(taskName: string, tombstoneUntil?: number): void {
    const file = this.fileOf(taskName);
    if (tombstoneUntil === undefined) rmSync(file, { force: true });
    else writeAtomically(file, JSON.stringify({ name: taskName, tombstoneUntil }));
  }

  saveQueues(queues: Iterable<QueueRecord>): void {
    const out: PersistedQueues = {};
    for (const queue of queues) {
      out[queue.name] = {
        state: queue.state,
        ...(queue.purgeTime !== undefined ? { purgeTime: queue.purgeTime } : {}),
      };
    }
    writeAtomically(this.queuesFile, JSON.stringify(out));
  }

  /** Everything the journal holds; expired tombstones and stray temporary files are removed. */
  load(now: number): JournalContents {
    const tasks: PersistedTask[] = [];
    const tombstones = new Map<string, number>();
    for (const entry of readdirSync(this.tasksDir)) {
      const file = path.join(this.tasksDir, entry);
      if (!entry.endsWith('.json')) {
        // A write the process did not finish: the file it was replacing is still there.
        rmSync(file, { force: true });
        continue;
      }
      const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
      const tombstone = TombstoneFileSchema.safeParse(raw);
      if (tombstone.success) {
        if (tombstone.data.tombstoneUntil > now) {
          tombstones.set(tombstone.data.name, tombstone.data.tombstoneUntil);
        } else rmSync(file, { force: true });
        continue;
      }
      const task = TaskFileSchema.parse(raw);
      const { body, ...request } = task.httpRequest;
      tasks.push({
        ...task,
        httpRequest: {
          ...request,
          httpMethod: request.httpMethod as TaskRecord['httpRequest']['httpMethod'],
          ...(body !== undefined ? { body: Buffer.from(body, 'base64') } : {}),
        },
      });
    }
    let queues: PersistedQueues = {};
    try {
      queues = QueuesFileSchema.parse(JSON.parse(readFileSync(this.queuesFile, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return { tasks, tombstones, queues };
  }

  /** Forgets every task and tombstone (the emulator's reset). */
  clear(): void {
    rmSync(this.tasksDir, { recursive: true, force: true });
    mkdirSync(this.tasksDir, { recursive: true });
    rmSync(this.queuesFile, { force: true });
  }
}
