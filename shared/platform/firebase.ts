import { getApps, initializeApp, type App } from 'firebase-admin/app';
import { getAuth, type Auth } from 'firebase-admin/auth';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';

/**
 * firebase-admin clients for a project. Only composition roots call these (the functions'
 * `functions/services.ts`, the local stack, scripts and test helpers); everything else is handed
 * the clients it needs.
 */
export function firebaseApp(projectId: string): App {
  return getApps()[0] ?? initializeApp({ projectId });
}

const configured = new WeakSet<Firestore>();

/** The app's Firestore; `settings` may run once per instance, so it is applied once. */
export function firestoreOf(app: App): Firestore {
  const firestore = getFirestore(app);
  if (!configured.has(firestore)) {
    firestore.settings({ ignoreUndefinedProperties: true });
    configured.add(firestore);
  }
  return firestore;
}

export function authOf(app: App): Auth {
  return getAuth(app);
}
