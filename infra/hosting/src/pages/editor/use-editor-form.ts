import { useState } from 'preact/hooks';
import { errorShape, type ErrorShape } from '../../error-shape';

export interface FormState {
  /** Prefix of the form's control ids: several forms on one page edit fields of the same name. */
  scope: string;
  error: unknown;
  /** The error as every console page reads one; its `fields` go next to their controls. */
  shape: ErrorShape | null;
  busy: boolean;
  /** What the last successful action did, read out by the form's live region. */
  note: string;
}

/** The keys of `V` whose values are of type `T`: what a text box or a checkbox can edit. */
export type KeysOf<V, T> = { [K in keyof V]: V[K] extends T ? K : never }[keyof V] & string;

type TextEvent = { currentTarget: { value: string } };
type CheckEvent = { currentTarget: { checked: boolean } };

export interface EditorForm<V> {
  form: FormState;
  values: V;
  set: <K extends keyof V>(key: K, value: V[K]) => void;
  /** `value` and `onInput` of a text box or text area that edits `values[key]`. */
  text: (key: KeysOf<V, string>) => { value: string; onInput: (event: TextEvent) => void };
  /** `value` and `onChange` of a select that edits `values[key]`. */
  choice: (key: KeysOf<V, string>) => { value: string; onChange: (event: TextEvent) => void };
  /** `checked` and `onChange` of a checkbox that edits `values[key]`. */
  check: (key: KeysOf<V, boolean>) => { checked: boolean; onChange: (event: CheckEvent) => void };
  /** Does one action: busy while it runs, its error kept, its note (what it did) shown after. */
  run: (work: () => Promise<string>) => Promise<boolean>;
  /** The form's submit handler: `work` gets the values as typed. */
  submit: (work: (values: V) => Promise<string>) => (event: Event) => void;
}

/**
 * One editor form: the values its controls edit (as typed, numbers as the text of their boxes),
 * and the state of its last action.
 */
export function useEditorForm<V extends object = Record<never, never>>(
  scope: string,
  initial: V | (() => V) = {} as V,
): EditorForm<V> {
  const [values, setValues] = useState<V>(initial);
  const [state, setState] = useState<Omit<FormState, 'scope'>>({
    error: null,
    shape: null,
    busy: false,
    note: '',
  });
  const set = <K extends keyof V>(key: K, value: V[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const run = async (work: () => Promise<string>): Promise<boolean> => {
    setState({ error: null, shape: null, busy: true, note: '' });
    try {
      const note = await work();
      setState({ error: null, shape: null, busy: false, note });
      return true;
    } catch (error) {
      setState({ error, shape: errorShape(error), busy: false, note: '' });
      return false;
    }
  };
  // `values` keyed by `KeysOf<V, T>` hold a `T`; TypeScript cannot follow a mapped key back.
  const read = <T>(key: keyof V) => values[key] as T;
  return {
    form: { ...state, scope },
    values,
    set,
    text: (key) => ({
      value: read<string>(key),
      onInput: (event) => set(key, event.currentTarget.value as V[typeof key]),
    }),
    choice: (key) => ({
      value: read<string>(key),
      onChange: (event) => set(key, event.currentTarget.value as V[typeof key]),
    }),
    check: (key) => ({
      checked: read<boolean>(key),
      onChange: (event) => set(key, event.currentTarget.checked as V[typeof key]),
    }),
    run,
    submit: (work) => (event) => {
      event.preventDefault();
      void run(() => work(values));
    },
  };
}
