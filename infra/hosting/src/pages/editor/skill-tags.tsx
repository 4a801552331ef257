import { control, FieldError, fieldId, focusSoon } from './fields';
import type { FormState } from './use-editor-form';
import type { Skill, SkillTag } from './types';

/**
 * The skills a resource practises and the level a learner reaches by finishing it (1–10),
 * chosen from the managed skills list (`/api/v1/skills`); errors come back under
 * `learning.skills.<i>.<field>`.
 */
export function SkillTagsEditor(props: {
  form: FormState;
  skills: Skill[];
  tags: SkillTag[];
  onChange: (tags: SkillTag[]) => void;
}) {
  const { form, skills, tags, onChange } = props;
  const active = skills.filter((s) => s.status === 'active');
  const unused = active.filter((s) => !tags.some((t) => t.skill_id === s.id));
  const set = (index: number, tag: SkillTag) =>
    onChange(tags.map((t, i) => (i === index ? tag : t)));
  const add = () => {
    const next = unused[0];
    if (!next) return;
    onChange([...tags, { skill_id: next.id, level: 3 }]);
    focusSoon(fieldId(form.scope, `learning.skills.${tags.length}.skill_id`));
  };
  const nameOf = (id: string) => skills.find((s) => s.id === id)?.name ?? id;
  return (
    <fieldset {...control(form, 'learning.skills')} tabIndex={-1}>
      <legend>Skills practised</legend>
      {tags.length === 0 && <p class="muted">No skill tags.</p>}
      <ul class="plain-list">
        {tags.map((tag, i) => {
          const skill = control(form, `learning.skills.${i}.skill_id`);
          const level = control(form, `learning.skills.${i}.level`);
          return (
            <li key={i} class="row" data-skill-tag={tag.skill_id}>
              <div class="field">
                <label for={skill.id}>Skill {i + 1}</label>
                <select
                  {...skill}
                  value={tag.skill_id}
                  onChange={(e) => set(i, { ...tag, skill_id: e.currentTarget.value })}
                >
                  {/* A retired skill stays selectable where it is already used. */}
                  {skills
                    .filter((s) => s.status === 'active' || s.id === tag.skill_id)
                    .map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                </select>
                <FieldError form={form} path={`learning.skills.${i}.skill_id`} />
              </div>
              <div class="field">
                <label for={level.id}>Level reached (1–10)</label>
                <input
                  {...level}
                  type="number"
                  min={1}
                  max={10}
                  value={tag.level}
                  onInput={(e) => set(i, { ...tag, level: Number(e.currentTarget.value) })}
                />
                <FieldError form={form} path={`learning.skills.${i}.level`} />
              </div>
              <button
                type="button"
                class="secondary"
                aria-label={`Remove skill ${nameOf(tag.skill_id)}`}
                onClick={() => {
                  onChange(tags.filter((_t, j) => j !== i));
                  focusSoon(`${form.scope}-add-skill`);
                }}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      <FieldError form={form} path="learning.skills" />
      {active.length === 0 ? (
        <p class="muted">The skills list is empty: add skills to it first.</p>
      ) : (
        <button
          type="button"
          class="plain"
          id={`${form.scope}-add-skill`}
          disabled={unused.length === 0}
          onClick={add}
        >
          Add a skill tag
        </button>
      )}
    </fieldset>
  );
}
