import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import {
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  query,
  setDoc,
  updateDoc,
  where,
} from 'firebase/firestore';
import { firestoreRules } from '../helpers/rules';

const rules = firestoreRules('demo-pathwise-rules-generation', async (store) => {
  await setDoc(doc(store, 'courseProjects/c1'), {
    user_id: 'teacher',
    title: 'Git',
    status: 'generating',
  });
  await setDoc(doc(store, 'courseProjects/c1/stages/stage2'), {
    status: 'STARTED',
    progress_percentage: 45,
    current_step: 'Analyzing file 15 of 33: README.md',
  });
  await setDoc(doc(store, 'courseProjects/c1/sources/s1'), {
    path: 'README.md',
    data: 'IyBHaXQ=',
  });
  await setDoc(doc(store, 'courseProjects/c1/units/u1'), { kind: 'analysis', json: '{}' });
  await setDoc(doc(store, 'courseProjects/c2'), { user_id: 'other', title: 'SQL' });
  await setDoc(doc(store, 'courseProjects/c2/stages/stage1'), { status: 'SUCCESS' });
});

const teacher = () => rules.env.authenticatedContext('teacher', { role: 'instructor' }).firestore();

describe('firestore.rules: course projects', () => {
  it('lets the owning instructor read the project and poll its stage records', async () => {
    const store = teacher();
    await assertSucceeds(getDoc(doc(store, 'courseProjects/c1')));
    await assertSucceeds(getDoc(doc(store, 'courseProjects/c1/stages/stage2')));
    await assertSucceeds(getDocs(collection(store, 'courseProjects/c1/stages')));
    await assertSucceeds(
      getDocs(query(collection(store, 'courseProjects'), where('user_id', '==', 'teacher'))),
    );
  });

  it('lets an admin read their own projects too', async () => {
    const store = rules.env.authenticatedContext('other', { role: 'admin' }).firestore();
    await assertSucceeds(getDoc(doc(store, 'courseProjects/c2')));
    await assertSucceeds(getDoc(doc(store, 'courseProjects/c2/stages/stage1')));
  });

  it('hides a project and its stages from everyone else, whatever their role', async () => {
    for (const ctx of [
      rules.env.authenticatedContext('other', { role: 'instructor' }),
      rules.env.authenticatedContext('root', { role: 'admin' }),
      rules.env.authenticatedContext('alice'),
      rules.env.unauthenticatedContext(),
    ]) {
      const store = ctx.firestore();
      await assertFails(getDoc(doc(store, 'courseProjects/c1')));
      await assertFails(getDoc(doc(store, 'courseProjects/c1/stages/stage2')));
      await assertFails(getDocs(collection(store, 'courseProjects')));
    }
  });

  it('hides the owner’s project once they are no longer an instructor', async () => {
    const store = rules.env.authenticatedContext('teacher').firestore();
    await assertFails(getDoc(doc(store, 'courseProjects/c1')));
    await assertFails(getDoc(doc(store, 'courseProjects/c1/stages/stage2')));
  });

  it('keeps sources and checkpoints server-side, even from the owner', async () => {
    const store = teacher();
    await assertFails(getDoc(doc(store, 'courseProjects/c1/sources/s1')));
    await assertFails(getDocs(collection(store, 'courseProjects/c1/units')));
  });

  it('refuses every client write, the owner’s included', async () => {
    const store = teacher();
    await assertFails(
      setDoc(doc(store, 'courseProjects/c3'), { user_id: 'teacher', title: 'New' }),
    );
    await assertFails(updateDoc(doc(store, 'courseProjects/c1'), { status: 'published' }));
    await assertFails(
      updateDoc(doc(store, 'courseProjects/c1/stages/stage2'), { progress_percentage: 100 }),
    );
    await assertFails(setDoc(doc(store, 'courseProjects/c1/sources/s2'), { path: 'x.md' }));
    await assertFails(deleteDoc(doc(store, 'courseProjects/c1')));
    await assertFails(deleteDoc(doc(store, 'courseProjects/c1/stages/stage2')));
  });
});
