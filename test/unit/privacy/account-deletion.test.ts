import { Timestamp } from 'firebase-admin/firestore';
import type { Bucket } from '@google-cloud/storage';
import type { AuditLog } from '../../../shared/audit';
import type { Caller } from '../../../shared/auth';
import { AccountDeletion, type AuthUsers } from '../../../shared/privacy/account-deletion';
import type { DeletionRecords } from '../../../shared/privacy/deletion-records';
import { DELETION_STEPS, type DeletionDoc } from '../../../shared/privacy/model';
import { pseudonymOf } from '../../../shared/privacy/pseudonym';
import type { PrivacyRepository } from '../../../shared/privacy/repository';
import type { UserDirectory } from '../../../shared/users/directory';

const SECRET = 'unit-test-secret-of-thirty-two-characters';
const ctx = { requestId: 'r1' };
const learner: Caller = { uid: 'u1', role: 'learner', email: 'a@x.io', name: 'Ada Lovelace' };
const admin: Caller = { uid: 'admin-1', role: 'admin', email: undefined, name: undefined };

/** In-memory stand-ins that record which step touched what, in order. */
function world(options: { owned?: string[]; failOn?: string; account?: boolean } = {}) {
  const calls: string[] = [];
  const records = new Map<string, DeletionDoc>();
  let failOn = options.failOn;
  const step = (name: string, result = 1) => {
    calls.push(name);
    if (failOn === name) {
      failOn = undefined;
      throw new Error(`crash in ${name}`);
    }
    return Promise.resolve(result);
  };
  const deletionRecords = {
    deletion: (p: string) => Promise.resolve(records.get(p)),
    beginRun: (p: string, by: DeletionDoc['requested_by']) => {
      const now = Timestamp.now();
      const current = records.get(p);
      const next: DeletionDoc = current
        ? { ...current, runs: current.runs + 1 }
        : {
            pseudonym: p,
            state: 'in_progress',
            requested_by: by,
            requested_at: now,
            steps: {},
            runs: 1,
            completed_at: null,
            updated_at: now,
          };
      records.set(p, next);
      return Promise.resolve(next);
    },
    stepDone: (p: string, s: keyof DeletionDoc['steps'], count: number) => {
      (records.get(p) as DeletionDoc).steps[s] = { done_at: Timestamp.now(), count };
      return Promise.resolve();
    },
    complete: (p: string) => {
      const doc = records.get(p) as DeletionDoc;
      records.set(p, { ...doc, state: 'completed', completed_at: Timestamp.now() });
      return Promise.resolve(records.get(p));
    },
  } as unknown as DeletionRecords;
  const repo = {
    profile: () =>
      Promise.resolve(options.account === false ? null : { email: 'a@x.io', display_name: 'Ada' }),
    owned: () => Promise.resolve({ pathways: options.owned ?? [], projects: [] }),
    eraseMail: () => step('mail', 2),
    eraseSubmissions: () => step('submissions', 3),
    eraseCertificates: () => step('certificates'),
    eraseMedia: () => step('media', 2),
    foldEnrollments: () => step('enrollments'),
    pseudonymiseAudit: (_uid: string, _p: string, identifiers: string[]) => {
      calls.push(`identifiers:${identifiers.join('|')}`);
      return step('audit');
    },
    eraseLearnerModel: () => step('learner_model'),
    deleteProfile: () => step('profile'),
  } as unknown as PrivacyRepository;
  const users: AuthUsers = {
    block: () => step('sign_in_blocked').then(() => true),
    remove: () => step('auth_user').then(() => true),
  };
  const directory = {
    contact: () =>
      Promise.resolve(
        options.account === false
          ? { email: null, name: null, role: 'learner' }
          : { email: 'a@x.io', name: 'Ada Lovelace', role: 'learner' },
      ),
  } as unknown as UserDirectory;
  const audits: unknown[] = [];
  const audit = { append: (e: unknown) => Promise.resolve(void audits.push(e)) } as AuditLog;
  const bucket = {} as Bucket;
  const deletion = new AccountDeletion(
    deletionRecords,
    repo,
    users,
    directory,
    bucket,
    bucket,
    audit,
    SECRET,
  );
  return { deletion, calls, records, audits };
}

describe('AccountDeletion', () => {
  it('runs every step once, in order, blocking sign-in first and deleting the Auth user last', async () => {
    const w = world();
    const result = await w.deletion.deleteSelf(learner, {}, {}, ctx);
    expect(w.calls.filter((c) => !c.startsWith('identifiers:'))).toEqual([...DELETION_STEPS]);
    expect(result).toMatchObject({
      deleted: true,
      state: 'completed',
      pseudonymous_id: pseudonymOf(SECRET, 'u1'),
      runs: 1,
    });
    expect(result.steps).toContainEqual({ step: 'submissions', count: 3 });
    expect(result.steps).toContainEqual({ step: 'media', count: 2 });
    // Free text is searched for the address, the names and the uid.
    expect(w.calls).toContain('identifiers:Ada Lovelace|Lovelace|a@x.io|Ada|u1');
    // The learner's own request is audited under the pseudonym, never the uid.
    expect(JSON.stringify(w.audits)).not.toContain('"u1"');
  });

  it('picks up after the step a crashed run stopped at, and answers a finished deletion as it is', async () => {
    const w = world({ failOn: 'certificates' });
    await expect(w.deletion.deleteSelf(learner, {}, {}, ctx)).rejects.toThrow('crash');
    w.calls.length = 0;
    const finished = await w.deletion.deleteUser(admin, { uid: 'u1' }, {}, ctx);
    expect(w.calls.filter((c) => !c.startsWith('identifiers:'))).toEqual([
      'certificates',
      'media',
      'enrollments',
      'audit',
      'learner_model',
      'profile',
      'auth_user',
    ]);
    expect(finished).toMatchObject({ state: 'completed', runs: 2 });
    w.calls.length = 0;
    expect(await w.deletion.deleteUser(admin, { uid: 'u1' }, {}, ctx)).toEqual(finished);
    expect(w.calls).toEqual([]);
  });

  it('refuses to start while the account owns pathways, and does not know unknown accounts', async () => {
    const owner = world({ owned: ['design-101'] });
    await expect(owner.deletion.deleteUser(admin, { uid: 'u1' }, {}, ctx)).rejects.toMatchObject({
      code: 'failed_precondition',
      message: expect.stringContaining('pathway design-101'),
    });
    expect(owner.calls).toEqual([]);
    const nobody = world({ account: false });
    await expect(nobody.deletion.deleteUser(admin, { uid: 'u1' }, {}, ctx)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
