/**
 * Where the console finds its Firebase project: `/__/firebase/init.json`, which Firebase Hosting
 * serves for the site's project in the cloud and the local functions host serves for the
 * emulators (with an `emulators` block that only exists locally).
 */
export interface ConsoleConfig {
  projectId: string;
  apiKey: string;
  authDomain?: string;
  appId?: string;
  /** The functions' region; Hosting's init.json has none, so the deploy default applies. */
  region: string;
  emulators?: {
    authUrl: string;
    firestore: { host: string; port: number };
    functionsOrigin: string;
  };
}

const DEFAULT_REGION = 'us-central1';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function text(source: Record<string, unknown>, key: string): string {
  const value = source[key];
  if (typeof value !== 'string' || value === '')
    throw new Error(`/__/firebase/init.json has no ${key}`);
  return value;
}

/** Checks the fields the console relies on; init.json is outside input like any other. */
export function parseConfig(raw: unknown): ConsoleConfig {
  if (!isRecord(raw)) throw new Error('/__/firebase/init.json is not an object');
  const config: ConsoleConfig = {
    projectId: text(raw, 'projectId'),
    apiKey: text(raw, 'apiKey'),
    region: typeof raw.region === 'string' ? raw.region : DEFAULT_REGION,
  };
  if (typeof raw.authDomain === 'string') config.authDomain = raw.authDomain;
  if (typeof raw.appId === 'string') config.appId = raw.appId;
  const emulators = raw.emulators;
  if (isRecord(emulators)) {
    const firestore = emulators.firestore;
    if (!isRecord(firestore) || typeof firestore.port !== 'number')
      throw new Error('/__/firebase/init.json: emulators.firestore needs host and port');
    config.emulators = {
      authUrl: text(emulators, 'authUrl'),
      firestore: { host: text(firestore, 'host'), port: firestore.port },
      functionsOrigin: text(emulators, 'functionsOrigin'),
    };
  }
  return config;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/__/firebase/init.json');
  if (!response.ok) throw new Error(`/__/firebase/init.json answered ${response.status}`);
  return parseConfig(await response.json());
}
