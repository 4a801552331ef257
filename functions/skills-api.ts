import { HttpReply, route, type AnyRoute } from '../shared/http/route';
import { PageQuerySchema } from '../shared/http/pagination';
import { SkillListSchema, SkillParams, SkillViewSchema } from '../shared/learner/schemas';
import { SkillSchema, UpdateSkillSchema } from '../shared/learner/skills';
import { httpFunction } from '../shared/platform/functions';
import type { FunctionFactory, Services } from './services';

const tags = ['skills (seed 003)'];

/** The managed skills list that catalog content and learner levels name. */
export const skillRoutes = (s: Services): AnyRoute[] => [
  route({
    method: 'GET',
    path: '/api/v1/skills',
    tags,
    auth: 'learner',
    summary: 'The skills list, in id order (paged)',
    query: PageQuerySchema,
    response: SkillListSchema,
    handler: ({ caller, query, ctx }) => s.learner.skills.list(caller, {}, query, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/skills',
    tags,
    auth: 'instructor',
    summary: 'Add a skill (instructors and admins)',
    status: 201,
    body: SkillSchema,
    response: SkillViewSchema,
    handler: async ({ caller, body, ctx }) =>
      new HttpReply(201, await s.learner.skills.create(caller, {}, body, ctx)),
  }),
  route({
    method: 'GET',
    path: '/api/v1/skills/{skill_id}',
    tags,
    auth: 'learner',
    summary: 'One skill',
    params: SkillParams,
    response: SkillViewSchema,
    handler: ({ caller, params, ctx }) => s.learner.skills.get(caller, params, {}, ctx),
  }),
  route({
    method: 'PATCH',
    path: '/api/v1/skills/{skill_id}',
    tags,
    auth: 'instructor',
    summary: 'Rename, describe, retire or reactivate a skill',
    params: SkillParams,
    body: UpdateSkillSchema,
    response: SkillViewSchema,
    handler: ({ caller, params, body, ctx }) => s.learner.skills.update(caller, params, body, ctx),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/skills/{skill_id}',
    tags,
    auth: 'instructor',
    summary: 'Retire a skill: tagged content and levels keep it, new tags may not use it',
    params: SkillParams,
    response: SkillViewSchema,
    handler: ({ caller, params, ctx }) => s.learner.skills.retire(caller, params, {}, ctx),
  }),
];

export const skillsApi: FunctionFactory = (s) => httpFunction('skillsApi', skillRoutes(s), s.edge);
