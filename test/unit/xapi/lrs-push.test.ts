import { AppError } from '../../../shared/errors';
import type { HttpTaskInput, TaskQueue } from '../../../shared/platform/tasks';
import type { StatementIndexDoc } from '../../../shared/xapi/model';
import { LrsPush, type LrsPushDeps } from '../../../shared/xapi/lrs-push';
import type { StoredEvent, XapiRepository } from '../../../shared/xapi/repository';
import { statementId, toStatement } from '../../../shared/xapi/statements';
import { streamOf } from '../../helpers/learner-events';

const now = new Date('2026-02-01T12:00:00.000Z');
const event: StoredEvent = {
  ...streamOf('u1').completed('2026-01-15T10:00:00.000Z'),
  stored_at: '2026-01-15T10:00:01.000Z',
  path: 'users/u1/events/e1',
};
const id = statementId(event.id);
const lrs = { endpoint: 'https://lrs.example.com/xapi', credentials: null };

/** An in-memory directory entry and event, the queued tasks and the LRS's answers. */
function setup(answers: (Response | Error)[], entry: StatementIndexDoc | null = indexEntry()) {
  const state = {
    entry,
    queued: [] as HttpTaskInput[],
    puts: [] as { url: string; init: RequestInit }[],
  };
  const taken = new Set<string>();
  const repo = {
    entry: async () => state.entry,
    event: async () => event,
    recordPush: async (_uid: string, _id: string, push: Partial<StatementIndexDoc>) => {
      if (state.entry) state.entry = { ...state.entry, ...push };
    },
  } as unknown as XapiRepository;
  const tasks = {
    enqueue: async (input: HttpTaskInput) => {
      const created = !taken.has(input.name ?? '');
      taken.add(input.name ?? '');
      if (created) state.queued.push(input);
      return { name: input.name ?? '', created };
    },
  } as unknown as TaskQueue;
  const deps: LrsPushDeps = {
    repo,
    statementOf: async (e) => toStatement(e, { baseUrl: 'https://learn.example.com' }),
    tasks,
    config: { lrs, taskTargetUrls: { pushStatement: 'https://push.example/run' } as never },
    fetch: async (url, init) => {
      state.puts.push({ url: String(url), init: init ?? {} });
      const answer = answers.shift();
      if (!answer) throw new Error('no answer scripted');
      if (answer instanceof Error) throw answer;
      return answer;
    },
    now: () => now,
  };
  return { state, push: new LrsPush(deps), deps };
}

function indexEntry(): StatementIndexDoc {
  return { statement_id: id, user_id: 'u1', event_id: event.id, stored_at: event.stored_at };
}

describe('LrsPush', () => {
  it('queues one task per statement, named by its id, and nothing without an LRS', async () => {
    const { state, push, deps } = setup([]);
    expect(await push.enqueue('u1', event.id)).toBe(true);
    expect(await push.enqueue('u1', event.id)).toBe(false);
    expect(state.queued).toEqual([
      {
        queue: 'lrs-push',
        name: id,
        url: 'https://push.example/run',
        body: { user_id: 'u1', statement_id: id },
      },
    ]);
    const off = new LrsPush({ ...deps, config: { ...deps.config, lrs: null } });
    expect(await off.enqueue('u1', 'another')).toBe(false);
    expect(await off.push('u1', id, 1)).toBe('disabled');
  });

  it('records pushed_at and the attempt once the LRS stores it, and pushes nothing again', async () => {
    const { state, push } = setup([new Response(null, { status: 204 })]);
    expect(await push.push('u1', id, 3)).toBe('pushed');
    expect(state.entry).toMatchObject({
      push_status: 'pushed',
      push_attempts: 3,
      pushed_at: now.toISOString(),
    });
    expect(state.puts).toHaveLength(1);
    expect(state.puts[0]?.url).toBe(`https://lrs.example.com/xapi/statements?statementId=${id}`);
    expect(await push.push('u1', id, 4)).toBe('duplicate');
    expect(state.puts).toHaveLength(1);
  });

  it('counts a 409 (already stored) as pushed', async () => {
    const { state, push } = setup([new Response('exists', { status: 409 })]);
    expect(await push.push('u1', id, 1)).toBe('pushed');
    expect(state.entry?.push_status).toBe('pushed');
  });

  it('answers 503 on a 5xx or no answer, recording nothing, so Cloud Tasks retries', async () => {
    const { state, push } = setup([
      new Response('busy', { status: 503 }),
      new TypeError('fetch failed'),
    ]);
    for (const why of ['HTTP 503', 'fetch failed']) {
      const error = await push.push('u1', id, 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'unavailable' });
      expect((error as Error).message).toContain(why);
    }
    expect(state.entry).toEqual(indexEntry());
  });

  it('records a refusal with the answer and acknowledges it, never pushing it again', async () => {
    const { state, push } = setup([new Response('{"error":"bad verb"}', { status: 400 })]);
    expect(await push.push('u1', id, 2)).toBe('rejected');
    expect(state.entry).toMatchObject({
      push_status: 'rejected',
      push_attempts: 2,
      push_error: 'HTTP 400: {"error":"bad verb"}',
    });
    expect(state.entry).not.toHaveProperty('pushed_at');
    expect(await push.push('u1', id, 3)).toBe('duplicate');
    expect(state.puts).toHaveLength(1);
  });

  it("pushes nothing for an erased learner's statement", async () => {
    const { state, push } = setup([], null);
    expect(await push.push('u1', id, 1)).toBe('gone');
    expect(state.puts).toHaveLength(0);
  });
});
