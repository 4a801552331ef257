import { randomUUID } from 'node:crypto';
import { Firestore } from 'firebase-admin/firestore';
import { OAuth2Client } from 'google-auth-library';
import { createOidcSigner, type OidcSigner } from '../../../infra/local/oidc';
import { DOCUMENT_CREATED, FirestoreDelivery } from '../../../infra/local/firestore-delivery';
import { startEventTarget, type EventTarget } from '../../helpers/event-target';
import { waitFor } from '../../helpers/wait';

/**
 * The local stack's Eventarc stand-in for Firestore triggers: triggers registered on the Firestore
 * emulator, whose events reach a plain HTTP target through the trigger router of
 * infra/local/emulators.mjs. Each test runs on a project of its own, so the shared stack's
 * triggers (project demo-pathwise) neither see these documents nor take these events.
 */
const INVOKER = 'pathwise-trigger-invoker@demo-pathwise.iam.gserviceaccount.com';

let signer: OidcSigner;
let receiver: EventTarget;

beforeAll(async () => {
  signer = await createOidcSigner();
  receiver = await startEventTarget();
});

afterAll(async () => {
  await receiver.close();
});

/** The headers of each delivery to `path`. */
const received = (path: string) => (receiver.received.get(path) ?? []).map((r) => r.headers);

interface Trial {
  db: Firestore;
  projectId: string;
  /** Target path of each pattern, as `received` keys them. */
  events: string;
  outbox: string;
  start(retry?: boolean): Promise<FirestoreDelivery>;
}

function trial(): Trial {
  const projectId = `demo-triggers-${randomUUID().slice(0, 8)}`;
  const events = `/${projectId}/events`;
  const outbox = `/${projectId}/outbox`;
  const target = (functionName: string, pattern: string, path: string, retry: boolean) => ({
    functionName,
    pattern,
    url: `${receiver.base}${path}`,
    retry,
    timeoutMs: 5000,
  });
  return {
    db: new Firestore({ projectId }),
    projectId,
    events,
    outbox,
    start: (retry = true) =>
      FirestoreDelivery.start({
        firestore: new Firestore({ projectId }),
        projectId,
        serviceAccountEmail: INVOKER,
        tokens: (email, audience) => signer.sign(email, audience),
        targets: [
          target('onLearnerEvent', 'users/{uid}/events/{eventId}', events, retry),
          target('relayOutbox', 'outbox/{id}', outbox, retry),
        ],
        initialDelayMs: 50,
        emulatorHost: process.env.FIRESTORE_EMULATOR_HOST as string,
        routerHost: process.env.PATHWISE_FIRESTORE_TRIGGERS as string,
      }),
  };
}

const subjects = (path: string) => received(path).map((h) => h['ce-subject']);
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

describe('Eventarc-style Firestore delivery', () => {
  it('POSTs a created-document CloudEvent with the trigger invoker token for the target URL', async () => {
    const t = trial();
    const delivery = await t.start();
    try {
      await t.db.doc('outbox/first').create({ n: 1 });
      const [headers] = await waitFor(
        async () => received(t.outbox),
        (list) => list.length > 0,
      );
      expect(headers).toMatchObject({
        'ce-specversion': '1.0',
        'ce-type': DOCUMENT_CREATED,
        'ce-source': `//firestore.googleapis.com/projects/${t.projectId}/databases/(default)`,
        'ce-subject': 'documents/outbox/first',
        'ce-document': 'outbox/first',
      });
      expect(headers?.['ce-id']).toMatch(/\S/);
      const token = /^Bearer (.+)$/.exec(headers?.authorization ?? '')?.[1] ?? '';
      const ticket = await new OAuth2Client().verifySignedJwtWithCertsAsync(
        token,
        signer.pemCerts,
        `${receiver.base}${t.outbox}`,
        ['https://accounts.google.com'],
      );
      expect(ticket.getPayload()).toMatchObject({ email: INVOKER, email_verified: true });
    } finally {
      await delivery.stop();
    }
  });

  it('delivers each created document of a collection group once: those already there at start, then each new one; never an update or another path', async () => {
    const t = trial();
    await t.db.doc('users/u0/events/before').create({ n: 0 });
    await t.db.doc('courses/c1/events/not-a-learner').create({ n: 0 });
    const delivery = await t.start();
    try {
      const created = Array.from({ length: 40 }, (_, i) => `users/u${i % 4}/events/e${i}`);
      const batch = t.db.batch();
      created.forEach((path, i) => batch.create(t.db.doc(path), { n: i }));
      await batch.commit();
      await t.db.doc('users/u0/events/before').update({ n: 1 });
      await t.db.doc('courses/c1/events/also-not').create({ n: 1 });
      await t.db.doc('users/u1/other/x').create({ n: 1 });
      const expected = ['users/u0/events/before', ...created].map((p) => `documents/${p}`);
      await waitFor(
        async () => subjects(t.events),
        (list) => list.length >= expected.length,
      );
      await settle();
      expect([...subjects(t.events)].sort()).toEqual([...expected].sort());
      expect(received(t.outbox)).toHaveLength(0);
    } finally {
      await delivery.stop();
    }
  });

  it('redelivers a refused event after a backoff until the function accepts it, then never again', async () => {
    const t = trial();
    receiver.refuse.set(t.outbox, 2);
    const delivery = await t.start();
    try {
      await t.db.doc('outbox/refused').create({ n: 1 });
      await waitFor(
        async () => received(t.outbox),
        (list) => list.length >= 3,
      );
      await settle();
      const deliveries = received(t.outbox);
      expect(deliveries).toHaveLength(3);
      expect(new Set(deliveries.map((h) => h['ce-id'])).size).toBe(1);
    } finally {
      await delivery.stop();
    }
  });

  it('drops a refused event after one attempt when the function is deployed without retry', async () => {
    const t = trial();
    receiver.refuse.set(t.outbox, 5);
    const delivery = await t.start(false);
    try {
      await t.db.doc('outbox/dropped').create({ n: 1 });
      await waitFor(
        async () => received(t.outbox),
        (list) => list.length >= 1,
      );
      await settle();
      expect(received(t.outbox)).toHaveLength(1);
    } finally {
      await delivery.stop();
    }
  });

  it('once stopped, takes no more events, and a delivery started again picks up what was created meanwhile', async () => {
    const t = trial();
    const first = await t.start();
    await first.stop();
    await t.db.doc('outbox/while-stopped').create({ n: 1 });
    await settle();
    expect(received(t.outbox)).toHaveLength(0);
    const second = await t.start();
    try {
      await t.db.doc('outbox/after').create({ n: 2 });
      await waitFor(
        async () => subjects(t.outbox),
        (list) => list.length >= 2,
      );
      await settle();
      expect([...subjects(t.outbox)].sort()).toEqual([
        'documents/outbox/after',
        'documents/outbox/while-stopped',
      ]);
    } finally {
      await second.stop();
    }
  });
});
