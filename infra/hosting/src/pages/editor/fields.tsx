import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, describeError } from '../../api';

/**
 * Forms of the editor and the API's error shape: each `details[].path` (a body field such as
 * `quiz.questions.0.options`) is shown next to the control that edits it, and listed in a
 * summary that moves focus to that control.
 */

export interface FormState {
  /** Prefix of the form's control ids: several forms on one page edit fields of the same name. */
  scope: string;
  error: unknown;
  busy: boolean;
  /** What the last successful action did, read out by the form's live region. */
  note: string;
}

export function fieldId(scope: string, path: string): string {
  return `${scope}--${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** Details for `path`; with `nested`, also for the parts below it (`accepted_file_types.1`). */
function detailsAt(error: unknown, path: string, nested = false): ApiError['details'] {
  if (!(error instanceof ApiError)) return [];
  return error.details.filter((d) => d.path === path || (nested && d.path.startsWith(`${path}.`)));
}

/** The id, invalid state and description that tie a control to its error message. */
export function control(form: FormState, path: string, nested = false) {
  const id = fieldId(form.scope, path);
  const invalid = detailsAt(form.error, path, nested).length > 0;
  return {
    id,
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-describedby': invalid ? `${id}-error` : undefined,
  };
}

export function FieldError(props: { form: FormState; path: string; nested?: boolean }) {
  const details = detailsAt(props.form.error, props.path, props.nested);
  if (details.length === 0) return null;
  return (
    <p class="field-error" id={`${fieldId(props.form.scope, props.path)}-error`}>
      {details.map((d, i) => (
        <span key={`${d.path}:${i}`}>
          {i > 0 && <br />}
          <code>{d.path}</code>: {d.message}
        </span>
      ))}
    </p>
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

/** A form's state, and `run` to do one action with it: busy while it runs, its error kept. */
export function useForm(scope: string) {
  const [state, setState] = useState<Omit<FormState, 'scope'>>({
    error: null,
    busy: false,
    note: '',
  });
  const run = async (work: () => Promise<string>): Promise<boolean> => {
    setState({ error: null, busy: true, note: '' });
    try {
      const note = await work();
      setState({ error: null, busy: false, note });
      return true;
    } catch (error) {
      setState({ error, busy: false, note: '' });
      return false;
    }
  };
  return { form: { ...state, scope }, run };
}

/** Focus an element that the render this state change causes will create. */
export function focusSoon(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
