import type { PathwayLearning, ResourceLearning } from '../learner/skills';
import { pathwaySkillRefs } from '../learner/skills';
import type { QuizInput } from './quiz-schemas';

/**
 * Skill tags on catalog content must name skills of the managed list (`/api/v1/skills`). The
 * catalog asks through this interface, so it does not depend on where the list is kept.
 */
export interface SkillTagCheck {
  /** Throws `invalid_argument` with a detail per reference that is unknown or retired. */
  check(refs: readonly SkillRef[]): Promise<void>;
}

export interface SkillRef {
  path: string;
  skill_id: string;
}

/** Every skill a pathway change references, with the field path of the request body. */
export function pathwayRefs(learning: PathwayLearning | null | undefined): SkillRef[] {
  if (!learning) return [];
  return pathwaySkillRefs(learning).map((r) => ({ ...r, path: `learning.${r.path}` }));
}

/** Every skill a resource change references: its tags, prerequisites and quiz questions. */
export function resourceRefs(input: {
  learning?: ResourceLearning | null | undefined;
  quiz?: QuizInput | undefined;
}): SkillRef[] {
  const refs: SkillRef[] = [];
  input.learning?.skills.forEach((s, i) =>
    refs.push({ path: `learning.skills.${i}.skill_id`, skill_id: s.skill_id }),
  );
  input.learning?.prerequisites.forEach((p, i) => {
    if (p.kind === 'skill')
      refs.push({ path: `learning.prerequisites.${i}.skill_id`, skill_id: p.skill_id });
  });
  input.quiz?.questions.forEach((q, i) =>
    (q.skills ?? []).forEach((skill, j) =>
      refs.push({ path: `quiz.questions.${i}.skills.${j}`, skill_id: skill }),
    ),
  );
  return refs;
}
