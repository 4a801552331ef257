import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ApiError, describeError } from '../../api';
import { fieldDetails } from '../../error-shape';
import { FieldError as SharedFieldError } from '../../errors';
import type { EditorForm, FormState, KeysOf } from './use-editor-form';

/**
 * Forms of the editor and the API's error shape: each `details[].path` (a body field such as
 * `quiz.questions.0.options`) is shown next to the control that edits it, and listed in a
 * summary that moves focus to that control.
 */

export function fieldId(scope: string, path: string): string {
  return `${scope}--${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** The id, invalid state and description that tie a control to its error message. */
export function control(form: FormState, path: string, nested = false) {
  const id = fieldId(form.scope, path);
  const invalid = fieldDetails(form.shape, path, nested).length > 0;
  return {
    id,
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-describedby': invalid ? `${id}-error` : undefined,
  };
}

/** The messages for `path`, each after the path it is about (`accepted_file_types.1: …`). */
export function FieldError(props: { form: FormState; path: string; nested?: boolean }) {
  return (
    <SharedFieldError
      shape={props.form.shape}
      field={props.path}
      id={`${fieldId(props.form.scope, props.path)}-error`}
      nested={props.nested}
      paths
    />
  );
}

/** A labelled control with its error: `children` gets the props that wire them together. */
export function Field(props: {
  form: FormState;
  path: string;
  label: string;
  hint?: string;
  nested?: boolean;
  children: (wiring: ReturnType<typeof control>) => ComponentChildren;
}) {
  const wiring = control(props.form, props.path, props.nested);
  return (
    <div class="field">
      <label for={wiring.id}>{props.label}</label>
      {props.hint && <span class="muted hint">{props.hint}</span>}
      {props.children(wiring)}
      <FieldError form={props.form} path={props.path} nested={props.nested} />
    </div>
  );
}

interface BoundField<V, K> {
  editor: EditorForm<V>;
  /** The value it edits, and the body field the API names in its errors unless `path` says. */
  name: K;
  path?: string;
  label: string;
  hint?: string;
  nested?: boolean;
}

/** A labelled text, number (`box`) or URL box that edits one of the form's values. */
export function InputField<V>(
  props: BoundField<V, KeysOf<V, string>> & {
    box?: { type: 'number'; min?: number; max?: number } | { type: 'url' };
  },
) {
  const { editor, name } = props;
  return (
    <Field form={editor.form} path={props.path ?? name} {...labels(props)}>
      {(w) => <input {...w} {...props.box} {...editor.text(name)} />}
    </Field>
  );
}

export function TextAreaField<V>(props: BoundField<V, KeysOf<V, string>>) {
  const { editor, name } = props;
  return (
    <Field form={editor.form} path={props.path ?? name} {...labels(props)}>
      {(w) => <textarea {...w} rows={3} {...editor.text(name)} />}
    </Field>
  );
}

export function SelectField<V>(
  props: BoundField<V, KeysOf<V, string>> & { children: ComponentChildren },
) {
  const { editor, name } = props;
  return (
    <Field form={editor.form} path={props.path ?? name} {...labels(props)}>
      {(w) => (
        <select {...w} {...editor.choice(name)}>
          {props.children}
        </select>
      )}
    </Field>
  );
}

/** A checkbox with its label around it, for a yes/no value. */
export function CheckField<V>(props: {
  editor: EditorForm<V>;
  name: KeysOf<V, boolean>;
  label: string;
}) {
  return (
    <div class="field">
      <label class="choice">
        <input type="checkbox" {...props.editor.check(props.name)} /> {props.label}
      </label>
    </div>
  );
}

function labels(props: { label: string; hint?: string; nested?: boolean }) {
  return { label: props.label, hint: props.hint, nested: props.nested };
}

/** The id of the control that edits `path`, or of the nearest enclosing one that exists. */
function controlFor(scope: string, path: string): string | null {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n -= 1) {
    const id = fieldId(scope, parts.slice(0, n).join('.'));
    if (document.getElementById(id)) return id;
  }
  return null;
}

function headline(error: unknown): string {
  if (!(error instanceof ApiError)) return describeError(error);
  const count = error.details.length;
  // Each field is listed below with its message; the headline says how many to correct.
  if (error.status === 400 && count > 0)
    return `Not saved: ${count === 1 ? 'one field needs' : `${count} fields need`} correcting.`;
  const bare = new ApiError(error.status, error.code, error.message, [], error.retryAfterSeconds);
  return describeError(bare);
}

/** The form's failure and each field it names, linked to the field; focused when it appears. */
export function FormErrors(props: { form: FormState }) {
  const { error, scope } = props.form;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const details = error instanceof ApiError ? error.details : [];
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <p class="error">{headline(error)}</p>
      {details.length > 0 && (
        <ul>
          {details.map((d) => {
            const target = controlFor(scope, d.path);
            return (
              <li key={`${d.path}:${d.message}`}>
                {target ? (
                  <button
                    type="button"
                    class="link"
                    onClick={() => document.getElementById(target)?.focus()}
                  >
                    {d.path}
                  </button>
                ) : (
                  <code>{d.path}</code>
                )}
                : {d.message}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** The form's live region: what the last action did. */
export function FormNote(props: { form: FormState }) {
  return (
    <p class="ok" role="status">
      {props.form.note}
    </p>
  );
}

/** Focus an element that the render this state change causes will create. */
export function focusSoon(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
