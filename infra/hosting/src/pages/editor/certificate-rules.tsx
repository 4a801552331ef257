import { useSession } from '../../context';
import { control, FieldError, FormErrors, FormNote, InputField } from './fields';
import { numberOrNull } from './form-values';
import type { EditorPathway } from './types';
import { useEditorForm } from './use-editor-form';

type Switch = 'all_required_resources' | 'all_quizzes_passed' | 'all_submissions_approved';

const SWITCHES: [Switch, string][] = [
  ['all_required_resources', 'Every required resource done (modules by their N-of-M rule)'],
  ['all_quizzes_passed', 'Every required quiz passed'],
  ['all_submissions_approved', 'Every required upload approved by a reviewer'],
];

/** What earns the pathway's certificate: the whole rule set is saved at once (PUT). */
export function CertificateRulesForm(props: { pathway: EditorPathway; saved: () => void }) {
  const session = useSession();
  const initial = props.pathway.certificate_rules;
  const editor = useEditorForm('rules', {
    all_required_resources: initial.all_required_resources,
    all_quizzes_passed: initial.all_quizzes_passed,
    all_submissions_approved: initial.all_submissions_approved,
    min_average_quiz_score: initial.min_average_quiz_score?.toString() ?? '',
    valid_for_days: initial.valid_for_days?.toString() ?? '',
  });
  const { form } = editor;
  const save = editor.submit(async (v) => {
    await session.api(
      'PUT',
      `/api/v1/pathways/${encodeURIComponent(props.pathway.id)}/certificate-rules`,
      {
        all_required_resources: v.all_required_resources,
        all_quizzes_passed: v.all_quizzes_passed,
        all_submissions_approved: v.all_submissions_approved,
        min_average_quiz_score: numberOrNull(v.min_average_quiz_score),
        valid_for_days: numberOrNull(v.valid_for_days),
      },
    );
    props.saved();
    return 'Certificate rules saved.';
  });
  return (
    <form class="card" onSubmit={save} noValidate aria-labelledby="rules-title">
      <h2 id="rules-title">Certificate rules</h2>
      <FormErrors form={form} />
      <fieldset {...control(form, '(root)')} tabIndex={-1}>
        <legend>A learner earns the certificate when</legend>
        {SWITCHES.map(([key, label]) => {
          const wiring = control(form, key);
          return (
            <div key={key}>
              <label class="choice" for={wiring.id}>
                <input {...wiring} type="checkbox" {...editor.check(key)} /> {label}
              </label>
              <FieldError form={form} path={key} />
            </div>
          );
        })}
        <FieldError form={form} path="(root)" />
      </fieldset>
      <InputField
        editor={editor}
        name="min_average_quiz_score"
        label="Minimum average quiz score (%)"
        hint="Empty: no minimum"
        box={{ type: 'number', min: 0, max: 100 }}
      />
      <InputField
        editor={editor}
        name="valid_for_days"
        label="Valid for (days)"
        hint="Empty: never expires"
        box={{ type: 'number', min: 1 }}
      />
      <button type="submit" disabled={form.busy}>
        Save certificate rules
      </button>
      <FormNote form={form} />
    </form>
  );
}
