import { z } from 'zod';
import { PathIdSchema, SlugSchema } from './common';

/** Path parameters shared by routes of several features, each declared once. */
export const PathwayParams = z.object({ pathway_id: SlugSchema });
export const ModuleParams = z.object({ module_id: SlugSchema });
export const ResourceParams = z.object({ resource_id: SlugSchema });
export const ModuleInPathwayParams = z.object({ pathway_id: SlugSchema, module_id: SlugSchema });
export const UserPathwayParams = z.object({ user_id: PathIdSchema, pathway_id: SlugSchema });
export const SubmissionParams = z.object({
  submission_id: z.string().regex(/^[A-Za-z0-9]{20}$/, 'Not a submission id'),
});

export type PathwayParams = z.output<typeof PathwayParams>;
export type ModuleParams = z.output<typeof ModuleParams>;
export type ResourceParams = z.output<typeof ResourceParams>;
export type ModuleInPathwayParams = z.output<typeof ModuleInPathwayParams>;
export type UserPathwayParams = z.output<typeof UserPathwayParams>;
export type SubmissionParams = z.output<typeof SubmissionParams>;

/** Routes without path parameters, or without a body or query, pass an empty object. */
export type NoInput = Record<string, never>;
