import { z } from 'zod';

/** Catalog ids are readable slugs, as in seed 000 (`foundations-image-gen-r1`). */
export const SlugSchema = z
  .string()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Use lowercase letters, digits and hyphens');

/** Ids that arrive in a path: anything a Firestore document id may be, bounded. */
export const PathIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^/]+$/, 'Must not contain "/"')
  .refine((v) => v !== '.' && v !== '..' && !/^__.*__$/.test(v), 'Not a valid id');

export const IsoDateTime = z.iso.datetime({ offset: true });

export const ErrorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
    request_id: z.string(),
  }),
});

export const TitleSchema = z.string().trim().min(1).max(200);
export const DescriptionSchema = z.string().trim().max(5000);
