import { z } from 'zod';
import { IsoDateTime, SlugSchema } from '../../schemas/common';

/**
 * Seed 004's UserCourseProgress API over the same enrollment document: a course enrollment
 * (`user_course_id`) is an enrollment (`{uid}_{pathway}`), a topic a module, a lesson a resource.
 * Field names are the seed's.
 */

/** `{uid}_{pathway}`: a Firebase uid (no `_` in ours), then the pathway's slug. */
export const UserCourseIdSchema = z
  .string()
  .max(200)
  .regex(
    /^[^/_]{1,128}_[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/,
    'Not an enrollment id ({uid}_{pathway})',
  );

export const LessonStatusSchema = z.enum(['not_started', 'in_progress', 'completed']);

export const CourseParams = z.object({ user_course_id: UserCourseIdSchema });
export const TopicParams = CourseParams.extend({ topic_id: SlugSchema });
export const LessonParams = TopicParams.extend({ lesson_id: SlugSchema });

export const CreateLessonProgressSchema = z.strictObject({
  user_course_id: UserCourseIdSchema,
  topic_id: SlugSchema,
  lesson_id: SlugSchema,
  status: LessonStatusSchema.default('not_started'),
});

export const UpdateLessonProgressSchema = z
  .strictObject({
    status: LessonStatusSchema.optional(),
    last_viewed_at: IsoDateTime.optional(),
  })
  .refine((v) => v.status !== undefined || v.last_viewed_at !== undefined, {
    message: 'Give status or last_viewed_at',
  });

export const LessonProgressSchema = z.object({
  id: z.string(),
  user_course_id: z.string(),
  topic_id: z.string(),
  lesson_id: z.string(),
  status: LessonStatusSchema,
  last_viewed_at: IsoDateTime.nullable(),
  completed_at: IsoDateTime.nullable(),
  /** Null for a lesson the learner never touched (there is no record yet). */
  created_at: IsoDateTime.nullable(),
  updated_at: IsoDateTime.nullable(),
});

const Counts = {
  total_lessons: z.number().int(),
  completed_lessons: z.number().int(),
  in_progress_lessons: z.number().int(),
  not_started_lessons: z.number().int(),
  completion_percentage: z.number(),
};

export const CourseSummarySchema = z.object({
  user_course_id: z.string(),
  ...Counts,
  current_topic_id: z.string().nullable(),
  current_lesson_id: z.string().nullable(),
  last_activity_at: IsoDateTime.nullable(),
});

export const TopicProgressSchema = z.object({
  user_course_id: z.string(),
  topic_id: z.string(),
  title: z.string(),
  ...Counts,
  lessons: z.array(LessonProgressSchema),
});

export const CourseProgressSchema = z.object({
  user_course_id: z.string(),
  ...Counts,
  topics: z.array(TopicProgressSchema.omit({ user_course_id: true })),
});
