import { z } from 'zod';
import { route, type AnyRoute } from '../shared/http/route';
import { httpFunction } from '../shared/platform/functions';
import {
  AddSourcesSchema,
  ArchiveParams,
  ArchivesSchema,
  ArchiveUploadSchema,
  OpenArchiveUploadSchema,
  CreateProjectSchema,
  DeletedProjectSchema,
  GenerationStatusSchema,
  MAX_JSON_SOURCES_BYTES,
  ProjectListSchema,
  ProjectParams,
  ProjectSchema,
  SourcePathQuerySchema,
  SourcesSchema,
  StageParams,
  StageProgressSchema,
  StageQuerySchema,
  StartedSchema,
  UpdateProjectSchema,
} from '../shared/generation/schemas';
import type { FunctionFactory, Services } from './services';

const tags = ['course projects (seed 002)'];
const NoBody = z.strictObject({});

/** Seed 002's course projects and the course-generation pipeline's controls and progress. */
export const projectRoutes = (s: Services): AnyRoute[] => [
  route({
    method: 'POST',
    path: '/api/v1/projects',
    tags,
    auth: 'instructor',
    status: 201,
    summary: 'Create a course project in draft status',
    body: CreateProjectSchema,
    response: ProjectSchema,
    handler: ({ caller, body, ctx }) => s.generation.projects.create(caller, {}, body, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/projects',
    tags,
    auth: 'instructor',
    summary: 'The caller’s course projects, newest first (a bare array, as seed 002 shows)',
    response: ProjectListSchema,
    handler: ({ caller, ctx }) => s.generation.projects.list(caller, {}, {}, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/projects/{course_id}',
    tags,
    auth: 'instructor',
    summary: 'One course project',
    params: ProjectParams,
    response: ProjectSchema,
    handler: ({ caller, params, ctx }) => s.generation.projects.get(caller, params, {}, ctx),
  }),
  route({
    method: 'PUT',
    path: '/api/v1/projects/{course_id}',
    tags,
    auth: 'instructor',
    summary:
      'Update a project’s fields; status follows draft → generating → ready | failed → published',
    params: ProjectParams,
    body: UpdateProjectSchema,
    response: ProjectSchema,
    handler: ({ caller, params, body, ctx }) =>
      s.generation.projects.update(caller, params, body, ctx),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/projects/{course_id}',
    tags,
    auth: 'instructor',
    summary: 'Delete a project with its stages, sources, checkpoints, objects and draft pathway',
    params: ProjectParams,
    response: DeletedProjectSchema,
    handler: ({ caller, params, ctx }) => s.generation.projects.delete(caller, params, {}, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/projects/{course_id}/sources',
    tags,
    auth: 'instructor',
    summary: 'Add or replace text and Markdown sources sent as JSON (a few MB in all)',
    params: ProjectParams,
    body: AddSourcesSchema,
    maxBodyBytes: MAX_JSON_SOURCES_BYTES * 2,
    response: SourcesSchema,
    handler: ({ caller, params, body, ctx }) => s.generation.sources.add(caller, params, body, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/projects/{course_id}/sources',
    tags,
    auth: 'instructor',
    summary: 'The project’s sources',
    params: ProjectParams,
    response: SourcesSchema,
    handler: ({ caller, params, ctx }) => s.generation.sources.list(caller, params, {}, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/projects/{course_id}/sources/archive',
    tags,
    auth: 'instructor',
    status: 201,
    summary: 'Open an upload of a zip (a repository or a folder of documents): a signed URL',
    params: ProjectParams,
    body: OpenArchiveUploadSchema,
    response: ArchiveUploadSchema,
    handler: ({ caller, params, body, ctx }) =>
      s.generation.archives.open(caller, params, body, ctx),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/projects/{course_id}/sources',
    tags,
    auth: 'instructor',
    summary: 'Remove the source sent as JSON at ?path=',
    params: ProjectParams,
    query: SourcePathQuerySchema,
    response: SourcesSchema,
    handler: ({ caller, params, query, ctx }) =>
      s.generation.sources.remove(caller, params, query, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/projects/{course_id}/sources/archives',
    tags,
    auth: 'instructor',
    summary: 'The zip archives uploaded to the project, oldest first',
    params: ProjectParams,
    response: ArchivesSchema,
    handler: ({ caller, params, ctx }) => s.generation.archives.list(caller, params, {}, ctx),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/projects/{course_id}/sources/archives/{archive_id}',
    tags,
    auth: 'instructor',
    summary: 'Remove an uploaded archive',
    params: ArchiveParams,
    response: ArchivesSchema,
    handler: ({ caller, params, ctx }) => s.generation.archives.remove(caller, params, {}, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/course-generation/{course_id}/start',
    tags,
    auth: 'instructor',
    status: 202,
    summary: 'Start generating the course from its sources (queued; poll the status)',
    params: ProjectParams,
    body: NoBody,
    bodyOptional: true,
    response: StartedSchema,
    handler: ({ caller, params, ctx }) => s.generation.runs.start(caller, params, {}, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/course-generation/{course_id}/retry',
    tags,
    auth: 'instructor',
    status: 202,
    summary: 'Generate again after a failure, reusing every finished unit',
    params: ProjectParams,
    body: NoBody,
    bodyOptional: true,
    response: StartedSchema,
    handler: ({ caller, params, ctx }) => s.generation.runs.retry(caller, params, {}, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/course-generation/{course_id}/status',
    tags,
    auth: 'instructor',
    summary: 'Overall generation status: current stage, status, progress, step, error',
    params: ProjectParams,
    response: GenerationStatusSchema,
    handler: ({ caller, params, ctx }) => s.generation.progress.status(caller, params, {}, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/course-generation/{stage}/progress',
    tags,
    auth: 'instructor',
    summary: 'One stage’s progress (stage1 … stage4) for ?course_id=',
    params: StageParams,
    query: StageQuerySchema,
    response: StageProgressSchema,
    handler: ({ caller, params, query, ctx }) =>
      s.generation.progress.stage(caller, params, query, ctx),
  }),
];

/** Each route again at seed 002's own paths (`/api/projects/…`, `/api/course-generation/…`). */
function withSeedPaths(routes: AnyRoute[]): AnyRoute[] {
  return [
    ...routes,
    ...routes.map((r) => ({
      ...r,
      path: r.path.replace(/^\/api\/v1\//, '/api/'),
      summary: `${r.summary} (seed 002’s own path)`,
    })),
  ];
}

export const projectsApi: FunctionFactory = (s) =>
  httpFunction('projectsApi', withSeedPaths(projectRoutes(s)), s.edge);
