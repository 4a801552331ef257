import { initializeApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, type Auth } from 'firebase/auth';
import { connectFirestoreEmulator, getFirestore, type Firestore } from 'firebase/firestore';
import { connectFunctionsEmulator, getFunctions, type Functions } from 'firebase/functions';
import type { ConsoleConfig } from './config';

/** The three Firebase services the console uses, connected to the emulators when told to. */
export interface FirebaseServices {
  auth: Auth;
  db: Firestore;
  functions: Functions;
}

export function connectFirebase(config: ConsoleConfig): FirebaseServices {
  const app = initializeApp({
    projectId: config.projectId,
    apiKey: config.apiKey,
    ...(config.authDomain ? { authDomain: config.authDomain } : {}),
    ...(config.appId ? { appId: config.appId } : {}),
  });
  const auth = getAuth(app);
  const db = getFirestore(app);
  const functions = getFunctions(app, config.region);
  if (config.emulators) {
    const { authUrl, firestore, functionsOrigin } = config.emulators;
    connectAuthEmulator(auth, authUrl, { disableWarnings: true });
    connectFirestoreEmulator(db, firestore.host, firestore.port);
    const origin = new URL(functionsOrigin);
    connectFunctionsEmulator(functions, origin.hostname, Number(origin.port));
  }
  return { auth, db, functions };
}
