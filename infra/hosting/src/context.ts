import type { User } from 'firebase/auth';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { FirebaseServices } from './firebase';

export type Role = 'learner' | 'instructor' | 'admin';

export interface Session {
  services: FirebaseServices;
  user: User;
  role: Role;
  /** `fetch` to `/api/v1/…` with the user's ID token (and any extra headers); throws ApiError. */
  api: <T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<T>;
  call: <T>(name: string, data: unknown) => Promise<T>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
