import { useState } from 'preact/hooks';
import { useSession } from '../../context';
import { control, Field, FieldError, FormErrors, FormNote, useForm } from './fields';
import { numberOrNull } from './form-values';
import type { CertificateRules, EditorPathway } from './types';

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
  const { form, run } = useForm('rules');
  const [switches, setSwitches] = useState<Pick<CertificateRules, Switch>>({
    all_required_resources: initial.all_required_resources,
    all_quizzes_passed: initial.all_quizzes_passed,
    all_submissions_approved: initial.all_submissions_approved,
  });
  const [average, setAverage] = useState(initial.min_average_quiz_score?.toString() ?? '');
  const [validFor, setValidFor] = useState(initial.valid_for_days?.toString() ?? '');
  const save = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await session.api(
        'PUT',
        `/api/v1/pathways/${encodeURIComponent(props.pathway.id)}/certificate-rules`,
        {
          ...switches,
          min_average_quiz_score: numberOrNull(average),
          valid_for_days: numberOrNull(validFor),
        },
      );
      props.saved();
      return 'Certificate rules saved.';
    });
  };
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
                <input
                  {...wiring}
                  type="checkbox"
                  checked={switches[key]}
                  onChange={(e) => setSwitches({ ...switches, [key]: e.currentTarget.checked })}
                />{' '}
                {label}
              </label>
              <FieldError form={form} path={key} />
            </div>
          );
        })}
        <FieldError form={form} path="(root)" />
      </fieldset>
      <Field
        form={form}
        path="min_average_quiz_score"
        label="Minimum average quiz score (%)"
        hint="Empty: no minimum"
      >
        {(w) => (
          <input
            {...w}
            type="number"
            min={0}
            max={100}
            value={average}
            onInput={(e) => setAverage(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field form={form} path="valid_for_days" label="Valid for (days)" hint="Empty: never expires">
        {(w) => (
          <input
            {...w}
            type="number"
            min={1}
            value={validFor}
            onInput={(e) => setValidFor(e.currentTarget.value)}
          />
        )}
      </Field>
      <button type="submit" disabled={form.busy}>
        Save certificate rules
      </button>
      <FormNote form={form} />
    </form>
  );
}
