import { randomUUID } from 'node:crypto';
import { deleteApp, initializeApp, type FirebaseApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword } from 'firebase/auth';
import {
  connectFunctionsEmulator,
  getFunctions,
  type Functions,
  type FunctionsError,
} from 'firebase/functions';

export interface ClientSession {
  app: FirebaseApp;
  functions: Functions;
  close(): Promise<void>;
}

/**
 * The stock Firebase JS SDK, as a web app would use it: signed in against the Auth emulator and
 * pointed at the local functions host with `connectFunctionsEmulator`.
 */
export async function clientSession(credentials?: {
  email: string;
  password: string;
}): Promise<ClientSession> {
  const app = initializeApp(
    { projectId: process.env.GCLOUD_PROJECT, apiKey: 'test-api-key', appId: 'pathwise-test' },
    `client-${randomUUID()}`,
  );
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}`, {
    disableWarnings: true,
  });
  if (credentials) await signInWithEmailAndPassword(auth, credentials.email, credentials.password);
  const functions = getFunctions(app, process.env.FUNCTION_REGION);
  connectFunctionsEmulator(functions, '127.0.0.1', Number(process.env.PATHWISE_HOST_PORT));
  return { app, functions, close: () => deleteApp(app) };
}

/** The error a callable answered with; fails the test if it succeeded. */
export async function callableError(promise: Promise<unknown>): Promise<FunctionsError> {
  try {
    await promise;
  } catch (error) {
    return error as FunctionsError;
  }
  throw new Error('expected the callable to fail');
}
