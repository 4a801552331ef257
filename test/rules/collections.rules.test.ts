import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from 'firebase/firestore';
import { firestoreRules } from '../helpers/rules';
import { collectionArguments, declaredCollections } from './collections';

/**
 * firestore.rules for every collection the code declares: who may read one of its documents
 * (its owner only where that is intended, published catalog entries, or nobody), and that every
 * client write is refused, for the owner, an admin and an anonymous caller alike. A collection
 * added to a model without a line here fails the first test.
 */
type Read = 'own' | 'published' | 'project' | 'none';
const expectations: Record<string, { at: string; read: Read }> = {
  pathways: { at: 'pathways', read: 'published' },
  modules: { at: 'modules', read: 'published' },
  resources: { at: 'resources', read: 'published' },
  quizKeys: { at: 'quizKeys', read: 'none' },
  enrollments: { at: 'enrollments', read: 'own' },
  quizAttempts: { at: 'enrollments/alice_open/quizAttempts', read: 'own' },
  certificates: { at: 'certificates', read: 'none' },
  certificateSigningKeys: { at: 'certificateSigningKeys', read: 'none' },
  courseProjects: { at: 'courseProjects', read: 'project' },
  stages: { at: 'courseProjects/mine/stages', read: 'project' },
  sources: { at: 'courseProjects/p1/sources', read: 'none' },
  units: { at: 'courseProjects/p1/units', read: 'none' },
  submissions: { at: 'submissions', read: 'none' },
  submissionCounters: { at: 'submissionCounters', read: 'none' },
  rateLimits: { at: 'rateLimits', read: 'none' },
  users: { at: 'users', read: 'none' },
  events: { at: 'users/alice/events', read: 'none' },
  outbox: { at: 'outbox', read: 'none' },
  rateWindows: { at: 'rateWindows', read: 'none' },
  auditLog: { at: 'auditLog', read: 'none' },
  mail: { at: 'mail', read: 'none' },
  mailScheduled: { at: 'mailScheduled', read: 'none' },
  mailSuppressions: { at: 'mailSuppressions', read: 'none' },
  accountDeletions: { at: 'accountDeletions', read: 'none' },
  anonymousProgress: { at: 'anonymousProgress', read: 'none' },
  pathwayArchives: { at: 'pathwayArchives', read: 'none' },
  skills: { at: 'skills', read: 'none' },
  assessments: { at: 'assessments', read: 'none' },
  assessmentAttempts: { at: 'assessmentAttempts', read: 'none' },
  goals: { at: 'goals', read: 'none' },
  learnerProfiles: { at: 'learnerProfiles', read: 'none' },
  learningPaths: { at: 'learningPaths', read: 'none' },
  versions: { at: 'learningPaths/mine/versions', read: 'none' },
  recommendations: { at: 'recommendations', read: 'none' },
  analytics: { at: 'users/alice/analytics', read: 'own' },
  analyticsDays: { at: 'users/alice/analyticsDays', read: 'own' },
  analyticsFolded: { at: 'users/alice/analyticsFolded', read: 'none' },
  weeklyAdjustments: { at: 'users/alice/weeklyAdjustments', read: 'none' },
  xapiStatements: { at: 'users/alice/xapiStatements', read: 'none' },
  media: { at: 'media', read: 'none' },
};
const table = Object.entries(expectations);

/** A document that belongs to alice by every field a rule could look at. */
const owned = {
  user_id: 'alice',
  owner_uid: 'alice',
  uid: 'alice',
  to: 'alice@example.com',
  pathway_id: 'open',
  status: 'published',
};

const rules = firestoreRules('demo-pathwise-rules-collections', async (store) => {
  await setDoc(doc(store, 'pathways/open'), { ...owned });
  await setDoc(doc(store, 'pathways/secret'), { ...owned, status: 'draft' });
  for (const { at } of Object.values(expectations)) {
    await setDoc(doc(store, `${at}/mine`), owned);
    await setDoc(doc(store, `${at}/draft`), { ...owned, status: 'draft', pathway_id: 'secret' });
  }
});

const alice = () => rules.env.authenticatedContext('alice').firestore();
const bob = () => rules.env.authenticatedContext('bob').firestore();
const admin = () => rules.env.authenticatedContext('root', { role: 'admin' }).firestore();
const anonymous = () => rules.env.unauthenticatedContext().firestore();
const instructor = (uid: string) =>
  rules.env.authenticatedContext(uid, { role: 'instructor' }).firestore();

const readers: Record<Read, string> = {
  none: 'nobody',
  own: 'its owner only',
  published: 'published only',
  project: "the project's instructor only",
};

it('has an expectation for every collection the code declares, and none for others', () => {
  const { names, unresolved } = declaredCollections();
  expect(unresolved).toEqual([]);
  expect(names).toEqual(Object.keys(expectations).sort());
  // Every collection reference goes through those constants: no name of its own.
  expect(collectionArguments().filter((a) => /^['"`]/.test(a))).toEqual([]);
});

describe.each(table)('%s', (_name, { at, read }) => {
  it(`reads: ${readers[read]}`, async () => {
    const mine = `${at}/mine`;
    if (read === 'project') {
      // A course project's owner polls it while generation runs, as an instructor only.
      await assertSucceeds(getDoc(doc(instructor('alice'), mine)));
      for (const store of [alice(), instructor('bob'), admin(), anonymous()])
        await assertFails(getDoc(doc(store, mine)));
      return;
    }
    if (read === 'none') {
      for (const store of [alice(), admin(), anonymous()]) {
        await assertFails(getDoc(doc(store, mine)));
        await assertFails(getDocs(collection(store, at)));
      }
      return;
    }
    await assertSucceeds(getDoc(doc(alice(), mine)));
    await assertFails(getDoc(doc(anonymous(), mine)));
    if (read === 'own') {
      await assertFails(getDoc(doc(bob(), mine)));
      await assertFails(getDoc(doc(admin(), mine)));
    } else {
      await assertSucceeds(getDoc(doc(bob(), mine)));
      await assertFails(getDoc(doc(alice(), `${at}/draft`)));
    }
  });

  it('writes: refused for its owner (learner or instructor), an admin and an anonymous caller', async () => {
    for (const store of [alice(), instructor('alice'), admin(), anonymous()]) {
      await assertFails(setDoc(doc(store, `${at}/new`), owned));
      await assertFails(setDoc(doc(store, `${at}/mine`), { ...owned, status: 'hacked' }));
      await assertFails(updateDoc(doc(store, `${at}/mine`), { status: 'hacked' }));
      await assertFails(deleteDoc(doc(store, `${at}/mine`)));
    }
  });
});
