import {
  platformBindings,
  runtimeBindings,
  RUNTIME_IDENTITIES,
  type IamBinding,
} from '../../../infra/iam';
import { manifest, type FunctionUses, type ManifestFunction } from '../../../infra/manifest';

const runtime = runtimeBindings(manifest);
const functionsOf = (identity: string) =>
  manifest.functions.filter((f) => f.serviceAccount === identity);

/**
 * Read independently of infra/iam.ts: which use, if any, makes a function need this binding.
 * A binding no use explains is a role some identity holds for nothing.
 */
function explainedBy(binding: IamBinding, uses: FunctionUses, self: string): boolean {
  const on = binding.on;
  switch (binding.role) {
    case 'roles/datastore.user':
      return on.kind === 'project' && uses.firestore === true;
    case 'roles/firebaseauth.viewer':
      return on.kind === 'project' && uses.users === 'read';
    case 'roles/firebaseauth.admin':
      return on.kind === 'project' && (uses.users === 'claims' || uses.users === 'manage');
    case 'roles/secretmanager.secretAccessor':
      // Every deployed function reads its configuration, secrets included, when it starts.
      return on.kind === 'secret';
    case 'roles/pubsub.publisher':
      return on.kind === 'topic' && (uses.publishes ?? []).includes(on.topic);
    case 'roles/cloudtasks.enqueuer':
      return on.kind === 'queue' && (uses.enqueues ?? []).includes(on.queue);
    case 'roles/iam.serviceAccountUser':
      return (
        on.kind === 'serviceAccount' &&
        on.account === 'tasks-invoker' &&
        (uses.enqueues ?? []).length > 0
      );
    case 'roles/storage.objectUser':
      return on.kind === 'bucket' && (uses.objects ?? []).includes(on.bucket);
    case 'roles/iam.serviceAccountTokenCreator':
      return (
        on.kind === 'serviceAccount' &&
        on.account === self &&
        (uses.signsUrls === true || uses.signsCredentials === true)
      );
    default:
      return false;
  }
}

describe('least privilege, derived from what each function uses', () => {
  it.each(runtime.map((b) => [`${b.member} ${b.role} on ${JSON.stringify(b.on)}`, b] as const))(
    '%s is needed by a function of that identity',
    (_what, binding) => {
      const users = functionsOf(binding.member).filter((f) =>
        explainedBy(binding, f.uses, binding.member),
      );
      expect(users.map((f) => f.name)).toEqual(binding.neededBy);
      expect(users.length).toBeGreaterThan(0);
    },
  );

  it.each(manifest.functions.map((f) => [f.name, f] as const))(
    '%s gets every role its uses need',
    (_name, fn: ManifestFunction) => {
      const mine = runtime.filter((b) => b.member === fn.serviceAccount);
      const has = (role: string, on: IamBinding['on']) =>
        mine.some((b) => b.role === role && JSON.stringify(b.on) === JSON.stringify(on));
      const { uses } = fn;
      if (uses.firestore) expect(has('roles/datastore.user', { kind: 'project' })).toBe(true);
      if (uses.users === 'read')
        expect(has('roles/firebaseauth.viewer', { kind: 'project' })).toBe(true);
      if (uses.users === 'claims')
        expect(has('roles/firebaseauth.admin', { kind: 'project' })).toBe(true);
      for (const topic of uses.publishes ?? [])
        expect(has('roles/pubsub.publisher', { kind: 'topic', topic })).toBe(true);
      for (const queue of uses.enqueues ?? []) {
        expect(has('roles/cloudtasks.enqueuer', { kind: 'queue', queue })).toBe(true);
        expect(
          has('roles/iam.serviceAccountUser', { kind: 'serviceAccount', account: 'tasks-invoker' }),
        ).toBe(true);
      }
      for (const bucket of uses.objects ?? [])
        expect(has('roles/storage.objectUser', { kind: 'bucket', bucket })).toBe(true);
      if (uses.signsUrls || uses.signsCredentials)
        expect(
          has('roles/iam.serviceAccountTokenCreator', {
            kind: 'serviceAccount',
            account: fn.serviceAccount,
          }),
        ).toBe(true);
    },
  );

  it('lets only setUserRole, registration and account deletion, on an identity of their own, manage Auth users', () => {
    const admins = runtime.filter((b) => b.role === 'roles/firebaseauth.admin');
    expect(admins.map((b) => [b.member, b.neededBy])).toEqual([
      ['user-admin', ['authApi', 'privacyApi', 'setUserRole']],
    ]);
    expect(functionsOf('user-admin').map((f) => f.name)).toEqual([
      'authApi',
      'privacyApi',
      'setUserRole',
    ]);
    expect(functionsOf('user-admin').find((f) => f.name === 'setUserRole')?.uses.users).toBe(
      'claims',
    );
    for (const identity of ['api', 'events'])
      expect(runtime.filter((b) => b.member === identity).map((b) => b.role)).not.toContain(
        'roles/firebaseauth.admin',
      );
  });

  it('grants publishing and enqueueing on topics and queues, never the project', () => {
    for (const b of runtime) {
      if (b.role === 'roles/pubsub.publisher') expect(b.on.kind).toBe('topic');
      if (b.role === 'roles/cloudtasks.enqueuer') expect(b.on.kind).toBe('queue');
    }
  });

  it('lets the events identity create tasks only on the weekly and LRS push queues, and sign as itself only for certificate credentials', () => {
    const events = runtime.filter((b) => b.member === 'events');
    // A weekly report, once sent, schedules the next one; the weekly adjustment job fans out;
    // each indexed statement queues its push to the LRS.
    expect(
      events.filter((b) => b.role === 'roles/cloudtasks.enqueuer').map((b) => [b.on, b.neededBy]),
    ).toEqual([
      [{ kind: 'queue', queue: 'weekly-reports' }, ['sendWeeklyReport']],
      [{ kind: 'queue', queue: 'weekly-adjustments' }, ['planWeeklyAdjustments']],
      [{ kind: 'queue', queue: 'lrs-push' }, ['indexStatement']],
    ]);
    expect(
      events
        .filter((b) => b.role === 'roles/iam.serviceAccountTokenCreator')
        .map((b) => [b.on, b.neededBy]),
    ).toEqual([[{ kind: 'serviceAccount', account: 'events' }, ['issueCertificates']]]);
    expect(
      manifest.functions.filter((f) => f.uses.signsUrls && f.serviceAccount === 'events'),
    ).toEqual([]);
  });

  it('uses storage.objectUser, never object or bucket admin, nor basic roles', () => {
    const all = [...runtime, ...platformBindings(manifest)].map((b) => b.role);
    expect(all).toContain('roles/storage.objectUser');
    for (const role of [
      'roles/storage.objectAdmin',
      'roles/storage.admin',
      'roles/owner',
      'roles/editor',
    ])
      expect(all).not.toContain(role);
  });

  it('gives the platform identities one role each, for the functions that need them', () => {
    expect(platformBindings(manifest).map((b) => [b.member, b.role, b.on.kind])).toEqual([
      ['trigger-invoker', 'roles/eventarc.eventReceiver', 'project'],
      ['build', 'roles/cloudbuild.builds.builder', 'project'],
    ]);
    const receiver = platformBindings(manifest)[0];
    expect(receiver?.neededBy).toEqual(
      manifest.functions
        .filter((f) => f.kind === 'storage' || f.kind === 'firestore')
        .map((f) => f.name),
    );
  });

  it('runs every function as a runtime identity', () => {
    for (const fn of manifest.functions) expect(RUNTIME_IDENTITIES).toContain(fn.serviceAccount);
  });
});
