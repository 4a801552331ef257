import type { Caller } from '../../../shared/auth';
import type { AppError } from '../../../shared/errors';
import type { SkillDoc } from '../../../shared/learner/model';
import { SkillList } from '../../../shared/learner/skill-list';
import type { SkillRepository } from '../../../shared/learner/skill-repository';

/** An in-memory skills collection with the repository's contract. */
class FakeSkills {
  docs = new Map<string, SkillDoc>();
  async page(limit: number, after: string | undefined) {
    return [...this.docs.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .filter((d) => after === undefined || d.id > after)
      .slice(0, limit + 1);
  }
  async get(id: string) {
    return this.docs.get(id);
  }
  async getMany(ids: readonly string[]) {
    return new Map(ids.flatMap((id) => (this.docs.has(id) ? [[id, this.docs.get(id)!]] : [])));
  }
  async create(doc: SkillDoc) {
    if (this.docs.has(doc.id)) return false;
    this.docs.set(doc.id, doc);
    return true;
  }
  async update(id: string, change: (d: SkillDoc) => SkillDoc) {
    const doc = this.docs.get(id);
    if (!doc) return undefined;
    const next = change(doc);
    this.docs.set(id, next);
    return next;
  }
}

const instructor: Caller = { uid: 'i1', role: 'instructor', email: undefined, name: undefined };
const learner: Caller = { uid: 'l1', role: 'learner', email: undefined, name: undefined };
const ctx = { requestId: 'r' };
const clock = () => new Date('2026-01-15T09:00:00Z');

async function rejects(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

describe('the skills list', () => {
  let repo: FakeSkills;
  let skills: SkillList;
  beforeEach(() => {
    repo = new FakeSkills();
    skills = new SkillList(repo as unknown as SkillRepository, clock);
  });

  it('lets instructors add skills and everyone page through them in id order', async () => {
    for (const id of ['rest_api', 'python', 'flask'])
      await skills.create(instructor, {}, { id, name: id, description: '', status: 'active' }, ctx);
    const first = await skills.list(learner, {}, { limit: 2 }, ctx);
    expect(first.skills.map((s) => s.id)).toEqual(['flask', 'python']);
    const rest = await skills.list(
      learner,
      {},
      { limit: 2, page_token: first.next_page_token as string },
      ctx,
    );
    expect(rest).toEqual({
      skills: [expect.objectContaining({ id: 'rest_api', created_at: '2026-01-15T09:00:00.000Z' })],
      next_page_token: null,
    });
  });

  it('refuses learners, duplicate ids and unknown skills', async () => {
    const input = { id: 'python', name: 'Python', description: '', status: 'active' as const };
    expect((await rejects(skills.create(learner, {}, input, ctx))).code).toBe('permission_denied');
    await skills.create(instructor, {}, input, ctx);
    expect((await rejects(skills.create(instructor, {}, input, ctx))).code).toBe('already_exists');
    expect((await rejects(skills.get(learner, { skill_id: 'go' }, {}, ctx))).code).toBe(
      'not_found',
    );
  });

  it('retires instead of deleting, and retired or unknown skills take no new tags', async () => {
    await skills.create(
      instructor,
      {},
      { id: 'python', name: 'Python', description: '', status: 'active' },
      ctx,
    );
    await skills.create(
      instructor,
      {},
      { id: 'cobol', name: 'COBOL', description: '', status: 'active' },
      ctx,
    );
    await expect(
      skills.check([{ path: 'learning.skills.0.skill_id', skill_id: 'python' }]),
    ).resolves.toBeUndefined();
    const retired = await skills.retire(instructor, { skill_id: 'cobol' }, {}, ctx);
    expect(retired.status).toBe('retired');
    const error = await rejects(
      skills.check([
        { path: 'learning.skills.0.skill_id', skill_id: 'cobol' },
        { path: 'quiz.questions.1.skills.0', skill_id: 'haskell' },
      ]),
    );
    expect(error.code).toBe('invalid_argument');
    expect(error.details).toEqual([
      { path: 'learning.skills.0.skill_id', message: 'Skill cobol is retired' },
      { path: 'quiz.questions.1.skills.0', message: 'Unknown skill haskell' },
    ]);
  });
});
