/**
 * The soak's traffic: one learner's visit to the demo pathway, as a client makes it — enrol,
 * start and watch most of the video, complete it and the article, attempt the quiz, and upload a
 * sketch to the exercise through the signed-URL flow. What the API accepted is written down as
 * the client saw it, for the tally to compare with what the system ended with.
 */
import type { Auth } from 'firebase-admin/auth';
import { learner, MODULE, PATHWAY, QUIZ_ANSWERS } from './common';
import type { RetryingClient } from './soak-client';
import {
  openUploadRequest,
  SAMPLE_PNG,
  SAMPLE_PNG_FILE,
  signedPutRequest,
  type OpenedUpload,
} from './upload-client';

export const UPLOAD_RESOURCE = `${MODULE}-r3`;

/** What the API accepted, from the client's side. */
export interface Accepted {
  learners: Set<string>;
  /** `uid resource` of each completion answered 200. */
  completions: Set<string>;
  /** Quiz attempts recorded, per learner. */
  attempts: Map<string, number>;
  /** Uploads whose PUT the bucket took: submission id → learner. */
  uploads: Map<string, string>;
}

export function noneAccepted(): Accepted {
  return { learners: new Set(), completions: new Set(), attempts: new Map(), uploads: new Map() };
}

export async function visit(
  auth: Auth,
  baseUrl: string,
  client: RetryingClient,
  accepted: Accepted,
): Promise<void> {
  let person: { uid: string; token: string };
  try {
    person = await learner(auth);
    client.succeeded('sign in (Auth emulator)');
  } catch (error) {
    client.failed('sign in (Auth emulator)', error);
    return;
  }
  accepted.learners.add(person.uid);
  const api = (endpoint: string, method: string, path: string, body?: object) =>
    client.send(endpoint, [
      `${baseUrl}/api/v1${path}`,
      {
        method,
        headers: { authorization: `Bearer ${person.token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      },
    ]);
  const resource = (id: string) => `/users/me/resources/${MODULE}-${id}`;
  if (!(await api('enrol', 'POST', `/pathways/${PATHWAY}/enroll`))) return;
  await api('start', 'POST', `${resource('r1')}/start`);
  await api('progress', 'PUT', `${resource('r1')}/progress`, {
    progress_percentage: 60,
    watch_time_seconds: 1440,
  });
  for (const id of ['r1', 'r2']) {
    if (await api('complete', 'POST', `${resource(id)}/complete`))
      accepted.completions.add(`${person.uid} ${MODULE}-${id}`);
  }
  if (
    await api('quiz attempt', 'POST', `${resource('r4')}/quiz-attempts`, { answers: QUIZ_ANSWERS })
  )
    accepted.attempts.set(person.uid, (accepted.attempts.get(person.uid) ?? 0) + 1);

  // One request, so one Idempotency-Key, for every attempt: a retry after a lost answer gets
  // the first attempt's submission rather than a second one holding quota until it expires.
  const opened = await client.send(
    'open upload',
    openUploadRequest(baseUrl, person.token, UPLOAD_RESOURCE, SAMPLE_PNG_FILE),
  );
  if (!opened) return;
  const upload = JSON.parse(opened.body) as OpenedUpload;
  // The signed URL binds `x-goog-if-generation-match: 0`: a retry whose first attempt was stored
  // (its answer lost to a restart) is refused with 412, and the object is there.
  const stored = await client.send(
    'PUT signed URL (Storage)',
    signedPutRequest(upload, SAMPLE_PNG),
    (status, attempt) => status === 200 || (status === 412 && attempt > 1),
  );
  if (stored) accepted.uploads.set(upload.submission_id, person.uid);
}
