import { z } from 'zod';
import type { ErrorDetail } from '../errors';
import { DescriptionSchema, SlugSchema, TitleSchema } from '../schemas/common';

/**
 * Skills in the catalog: the managed skills list and the tags, difficulty, prerequisites and
 * estimated hours that pathways, resources and questions carry. The catalog adopts these
 * schemas; the learner model reads them to estimate levels and plan paths.
 *
 * The level scale is shared by learners and content: levels 1–10, where an item of difficulty d
 * is one that a learner at level d answers correctly half the time (see estimator.ts).
 */

/** Seed 003 names skills in snake_case (`async_programming`, `rest_api`). */
export const SkillIdSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(?:_[a-z0-9]+)*$/, 'Use lowercase letters and digits joined by "_"');
export type SkillId = z.infer<typeof SkillIdSchema>;

export const LEVEL_MIN = 1;
export const LEVEL_MAX = 10;

export const LevelSchema = z.number().int().min(LEVEL_MIN).max(LEVEL_MAX);

/** Question difficulty on the level scale; halves allowed so banks can be calibrated finely. */
export const ItemDifficultySchema = z
  .number()
  .min(LEVEL_MIN)
  .max(LEVEL_MAX)
  .refine((v) => Number.isInteger(v * 2), 'Use whole or half levels');

export const SkillSchema = z.strictObject({
  id: SkillIdSchema,
  name: TitleSchema,
  description: DescriptionSchema.default(''),
  status: z.enum(['active', 'retired']).default('active'),
});
export type Skill = z.output<typeof SkillSchema>;

export const UpdateSkillSchema = z
  .strictObject({
    name: TitleSchema.optional(),
    description: DescriptionSchema.optional(),
    status: z.enum(['active', 'retired']).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to change');

/** A skill taught by a pathway or resource, and the level a learner reaches by finishing it. */
export const SkillTagSchema = z.strictObject({
  skill_id: SkillIdSchema,
  level: LevelSchema,
});
export type SkillTag = z.infer<typeof SkillTagSchema>;

/** The catalog's pathway difficulty (catalog/schemas.ts has the same enum; the catalog imports this module). */
export const PathwayDifficultySchema = z.enum(['beginner', 'intermediate', 'advanced']);
export type PathwayDifficulty = z.infer<typeof PathwayDifficultySchema>;

/** Order of difficulties for progressions (beginner → advanced). */
export const difficultyRank: Record<PathwayDifficulty, number> = {
  beginner: 0,
  intermediate: 1,
  advanced: 2,
};

/** The item difficulty a question gets when its author gave none: the middle of its band. */
export const defaultItemDifficulty: Record<PathwayDifficulty, number> = {
  beginner: 2,
  intermediate: 5,
  advanced: 8,
};

export const PrerequisiteSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('skill'), skill_id: SkillIdSchema, min_level: LevelSchema }),
  z.strictObject({ kind: z.literal('pathway'), pathway_id: SlugSchema }),
]);
export type Prerequisite = z.infer<typeof PrerequisiteSchema>;

function uniqueSkills(tags: readonly { skill_id: string }[], ctx: z.RefinementCtx, path: string) {
  const seen = new Set<string>();
  tags.forEach((tag, i) => {
    if (seen.has(tag.skill_id)) {
      ctx.addIssue({ code: 'custom', path: [path, i, 'skill_id'], message: 'Skill listed twice' });
    }
    seen.add(tag.skill_id);
  });
}

/** What a pathway declares for the learner model. */
export const PathwayLearningSchema = z
  .strictObject({
    skills: z.array(SkillTagSchema).max(50).default([]),
    difficulty: PathwayDifficultySchema,
    prerequisites: z.array(PrerequisiteSchema).max(50).default([]),
    estimated_hours: z.number().positive().max(10_000),
  })
  .superRefine((v, ctx) => {
    uniqueSkills(v.skills, ctx, 'skills');
    v.prerequisites.forEach((p, i) => {
      if (
        p.kind === 'skill' &&
        v.skills.some((s) => s.skill_id === p.skill_id && s.level <= p.min_level)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['prerequisites', i, 'min_level'],
          message: 'A pathway cannot require the level it teaches',
        });
      }
    });
  });
export type PathwayLearning = z.output<typeof PathwayLearningSchema>;

/** What a resource declares: the skills it practises and what it needs first. */
export const ResourceLearningSchema = z
  .strictObject({
    skills: z.array(SkillTagSchema).max(20).default([]),
    prerequisites: z.array(PrerequisiteSchema).max(20).default([]),
  })
  .superRefine((v, ctx) => uniqueSkills(v.skills, ctx, 'skills'));
export type ResourceLearning = z.output<typeof ResourceLearningSchema>;

/** What a quiz or assessment question declares: the skills it measures and how hard it is. */
export const QuestionSkillsSchema = z
  .strictObject({
    skills: z.array(SkillIdSchema).min(1).max(5),
    difficulty: ItemDifficultySchema,
  })
  .superRefine((v, ctx) => {
    if (new Set(v.skills).size !== v.skills.length) {
      ctx.addIssue({ code: 'custom', path: ['skills'], message: 'Skill listed twice' });
    }
  });
export type QuestionSkills = z.output<typeof QuestionSkillsSchema>;

/**
 * Tags must name skills of the managed list that are still active; retired skills stay valid on
 * content tagged before retirement only if `allowRetired` (editing old content must not fail).
 */
export function unknownSkillDetails(
  referenced: { path: string; skill_id: string }[],
  skills: ReadonlyMap<string, Pick<Skill, 'status'>>,
  allowRetired = false,
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const ref of referenced) {
    const skill = skills.get(ref.skill_id);
    if (!skill) details.push({ path: ref.path, message: `Unknown skill ${ref.skill_id}` });
    else if (skill.status === 'retired' && !allowRetired)
      details.push({ path: ref.path, message: `Skill ${ref.skill_id} is retired` });
  }
  return details;
}

/** Every skill a pathway's learning metadata references, with its field path. */
export function pathwaySkillRefs(meta: PathwayLearning): { path: string; skill_id: string }[] {
  return [
    ...meta.skills.map((s, i) => ({ path: `skills.${i}.skill_id`, skill_id: s.skill_id })),
    ...meta.prerequisites.flatMap((p, i) =>
      p.kind === 'skill' ? [{ path: `prerequisites.${i}.skill_id`, skill_id: p.skill_id }] : [],
    ),
  ];
}

/** Probability of answering right by chance: one of k options, or any non-empty subset of them. */
export function guessingOf(options: number, correctCount: number): number {
  return correctCount === 1 ? 1 / options : 1 / (2 ** options - 1);
}
