import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from 'firebase/firestore';
import { firestoreRules } from '../helpers/rules';

const rules = firestoreRules('demo-pathwise-rules', async (store) => {
  await setDoc(doc(store, 'pathways/open'), {
    status: 'published',
    owner_uid: 'teacher',
    title: 'Open',
  });
  await setDoc(doc(store, 'pathways/secret'), {
    status: 'draft',
    owner_uid: 'teacher',
    title: 'Draft',
  });
  await setDoc(doc(store, 'modules/open-m1'), { pathway_id: 'open', title: 'M' });
  await setDoc(doc(store, 'modules/secret-m1'), { pathway_id: 'secret', title: 'M' });
  await setDoc(doc(store, 'resources/open-r1'), {
    pathway_id: 'open',
    module_id: 'open-m1',
    title: 'R',
  });
  await setDoc(doc(store, 'resources/secret-r1'), {
    pathway_id: 'secret',
    module_id: 'secret-m1',
    title: 'R',
  });
  await setDoc(doc(store, 'quizKeys/open-r1'), { pathway_id: 'open', answers: { q1: [0] } });
  await setDoc(doc(store, 'users/alice'), { role: 'learner' });
  await setDoc(doc(store, 'outbox/e1'), { topic: 't' });
  await setDoc(doc(store, 'enrollments/alice_open'), {
    user_id: 'alice',
    pathway_id: 'open',
    pathway: { pathway_progress: 10 },
  });
  await setDoc(doc(store, 'enrollments/alice_open/quizAttempts/q-1'), {
    user_id: 'alice',
    score: 3,
  });
  await setDoc(doc(store, 'enrollments/bob_open'), { user_id: 'bob', pathway_id: 'open' });
});

describe('firestore.rules: catalog', () => {
  it('lets a signed-in user read published pathways, their modules and resources', async () => {
    const store = rules.env.authenticatedContext('alice').firestore();
    await assertSucceeds(getDoc(doc(store, 'pathways/open')));
    await assertSucceeds(getDoc(doc(store, 'modules/open-m1')));
    await assertSucceeds(getDoc(doc(store, 'resources/open-r1')));
  });

  it('hides drafts, even from their owner (drafts are read through the API)', async () => {
    const store = rules.env.authenticatedContext('teacher').firestore();
    await assertFails(getDoc(doc(store, 'pathways/secret')));
    await assertFails(getDoc(doc(store, 'modules/secret-m1')));
    await assertFails(getDoc(doc(store, 'resources/secret-r1')));
  });

  it('refuses anonymous reads', async () => {
    const store = rules.env.unauthenticatedContext().firestore();
    await assertFails(getDoc(doc(store, 'pathways/open')));
    await assertFails(getDoc(doc(store, 'resources/open-r1')));
  });

  it('never exposes answer keys, users or the outbox', async () => {
    const store = rules.env.authenticatedContext('alice', { role: 'admin' }).firestore();
    await assertFails(getDoc(doc(store, 'quizKeys/open-r1')));
    await assertFails(getDoc(doc(store, 'users/alice')));
    await assertFails(getDocs(collection(store, 'outbox')));
  });

  it('refuses every client write, whoever asks', async () => {
    for (const ctx of [
      rules.env.authenticatedContext('teacher', { role: 'instructor' }),
      rules.env.authenticatedContext('root', { role: 'admin' }),
    ]) {
      const store = ctx.firestore();
      await assertFails(
        setDoc(doc(store, 'pathways/new'), { status: 'published', owner_uid: 'teacher' }),
      );
      await assertFails(updateDoc(doc(store, 'pathways/open'), { title: 'Hacked' }));
      await assertFails(deleteDoc(doc(store, 'resources/open-r1')));
      await assertFails(setDoc(doc(store, 'users/alice'), { role: 'admin' }));
    }
  });
});

describe('firestore.rules: progress', () => {
  it('lets a learner read their own enrollment and quiz attempts (live progress bars)', async () => {
    const store = rules.env.authenticatedContext('alice').firestore();
    await assertSucceeds(getDoc(doc(store, 'enrollments/alice_open')));
    await assertSucceeds(getDoc(doc(store, 'enrollments/alice_open/quizAttempts/q-1')));
  });

  it('hides everyone else’s, whatever the reader’s role', async () => {
    for (const ctx of [
      rules.env.authenticatedContext('alice'),
      rules.env.authenticatedContext('teacher', { role: 'instructor' }),
      rules.env.authenticatedContext('root', { role: 'admin' }),
    ]) {
      await assertFails(getDoc(doc(ctx.firestore(), 'enrollments/bob_open')));
    }
    await assertFails(
      getDoc(
        doc(
          rules.env.authenticatedContext('bob').firestore(),
          'enrollments/alice_open/quizAttempts/q-1',
        ),
      ),
    );
    await assertFails(
      getDoc(doc(rules.env.unauthenticatedContext().firestore(), 'enrollments/alice_open')),
    );
  });

  it('lets nobody write progress from a client, not even their own', async () => {
    const store = rules.env.authenticatedContext('alice').firestore();
    await assertFails(
      updateDoc(doc(store, 'enrollments/alice_open'), { 'pathway.pathway_progress': 100 }),
    );
    await assertFails(
      setDoc(doc(store, 'enrollments/alice_new'), { user_id: 'alice', pathway_id: 'new' }),
    );
    await assertFails(deleteDoc(doc(store, 'enrollments/alice_open')));
  });
});

describe('firestore.rules: analytics', () => {
  beforeAll(async () => {
    await rules.env.withSecurityRulesDisabled(async (ctx) => {
      const store = ctx.firestore();
      await setDoc(doc(store, 'users/alice/analyticsDays/2026-01-15'), { events: 3 });
      await setDoc(doc(store, 'users/alice/analytics/summary'), { active_days: 1 });
    });
  });

  it('lets a learner read their own days and summary, nobody else', async () => {
    const alice = rules.env.authenticatedContext('alice').firestore();
    await assertSucceeds(getDoc(doc(alice, 'users/alice/analyticsDays/2026-01-15')));
    await assertSucceeds(getDocs(collection(alice, 'users/alice/analyticsDays')));
    await assertSucceeds(getDoc(doc(alice, 'users/alice/analytics/summary')));
    for (const ctx of [
      rules.env.authenticatedContext('bob'),
      rules.env.authenticatedContext('root', { role: 'admin' }),
      rules.env.unauthenticatedContext(),
    ]) {
      await assertFails(getDoc(doc(ctx.firestore(), 'users/alice/analytics/summary')));
      await assertFails(getDoc(doc(ctx.firestore(), 'users/alice/analyticsDays/2026-01-15')));
    }
  });

  it('lets nobody write analytics from a client, not even their own', async () => {
    const alice = rules.env.authenticatedContext('alice').firestore();
    await assertFails(setDoc(doc(alice, 'users/alice/analyticsDays/2026-01-16'), { events: 1 }));
    await assertFails(updateDoc(doc(alice, 'users/alice/analytics/summary'), { active_days: 99 }));
    await assertFails(deleteDoc(doc(alice, 'users/alice/analytics/summary')));
  });
});
