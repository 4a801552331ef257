import { InputField, SelectField, TextAreaField } from './fields';
import type { EditorForm } from './use-editor-form';

const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'];

/** A pathway's fields as typed, by their names in the API's body. */
export interface PathwayValues {
  title: string;
  description: string;
  difficulty: string;
}

/** A module's fields as typed; an empty `required_count` means every required resource. */
export interface ModuleValues {
  title: string;
  required_count: string;
}

/** The fields of a pathway, where one is created and where its details are edited. */
export function PathwayFields(props: { editor: EditorForm<PathwayValues>; titleLabel: string }) {
  const { editor } = props;
  return (
    <>
      <InputField editor={editor} name="title" label={props.titleLabel} />
      <TextAreaField editor={editor} name="description" label="Description" />
      <SelectField editor={editor} name="difficulty" label="Difficulty">
        <option value="">Not set</option>
        {DIFFICULTIES.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </SelectField>
    </>
  );
}

/** The fields of a module, where one is added and where it is renamed. */
export function ModuleFields(props: { editor: EditorForm<ModuleValues> }) {
  return (
    <>
      <InputField editor={props.editor} name="title" label="Module title" />
      <InputField
        editor={props.editor}
        name="required_count"
        label="Resources to complete (N of M)"
        hint="Empty: every required resource"
        box={{ type: 'number', min: 1 }}
      />
    </>
  );
}
