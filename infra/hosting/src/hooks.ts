import {
  collection,
  doc,
  onSnapshot,
  type DocumentData,
  type Firestore,
  type FirestoreError,
} from 'firebase/firestore';
import { useCallback, useEffect, useState } from 'preact/hooks';

export interface Live<T> {
  data: T | undefined;
  error: FirestoreError | undefined;
  /** The first snapshot (or error) arrived: undefined data now means the document is absent. */
  ready: boolean;
}

/** Firestore values as plain JSON: timestamps become ISO strings, like the API's. */
export function plain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if ('toDate' in value && typeof value.toDate === 'function')
    return (value.toDate() as Date).toISOString();
  if (Array.isArray(value)) return value.map(plain);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

/** A document kept current by a realtime listener (no polling); undefined data while absent. */
export function useDocument<T>(db: Firestore, path: string | null): Live<T> {
  const [state, setState] = useState<Live<T>>({ data: undefined, error: undefined, ready: false });
  useEffect(() => {
    setState({ data: undefined, error: undefined, ready: false });
    if (!path) return undefined;
    return onSnapshot(
      doc(db, path),
      (snap) =>
        setState({
          data: snap.exists() ? (plain(snap.data()) as T) : undefined,
          error: undefined,
          ready: true,
        }),
      (error) => setState({ data: undefined, error, ready: true }),
    );
  }, [db, path]);
  return state;
}

/** Every document of a collection, by id, kept current by a realtime listener. */
export function useCollection<T>(db: Firestore, path: string | null): Live<Record<string, T>> {
  const [state, setState] = useState<Live<Record<string, T>>>({
    data: undefined,
    error: undefined,
    ready: false,
  });
  useEffect(() => {
    setState({ data: undefined, error: undefined, ready: false });
    if (!path) return undefined;
    return onSnapshot(
      collection(db, path),
      (snap) => {
        const docs: Record<string, T> = {};
        snap.forEach((d) => {
          docs[d.id] = plain(d.data() as DocumentData) as T;
        });
        setState({ data: docs, error: undefined, ready: true });
      },
      (error) => setState({ data: undefined, error, ready: true }),
    );
  }, [db, path]);
  return state;
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** One API read, redone when `key` changes or on `reload()`. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => current && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      current = false;
    };
    // `load` is a new closure every render; `key` names what it reads.
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}
