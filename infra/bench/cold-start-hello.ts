/**
 * The cold-start benchmark's yardstick: the smallest function a Pathwise function could be, a
 * functions-framework HTTP function over a firebase-admin app with Firestore and Auth clients.
 */
import { http } from '@google-cloud/functions-framework';
import { initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';

const app = initializeApp({ projectId: process.env.GOOGLE_CLOUD_PROJECT });
const firestore = getFirestore(app);
const auth = getAuth(app);

http('hello', (_req, res) => {
  res.json({ hello: Boolean(firestore) && Boolean(auth) });
});
