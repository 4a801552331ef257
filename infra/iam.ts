/**
 * Least privilege, derived: each runtime identity gets exactly the roles that the `uses` of its
 * functions in the manifest need, each on the narrowest resource IAM offers (a topic, a queue, a
 * bucket, a service account; the project only where the service has no finer level). The
 * identities that call or build functions get the one role their job needs.
 */
import type { BucketRole, QueueName, ServiceAccountRole, TopicName } from '../shared/triggers';
import type { FunctionUses, Manifest, ManifestFunction, RuntimeIdentity } from './manifest';

export type IamResource =
  | { kind: 'project' }
  | { kind: 'topic'; topic: TopicName }
  | { kind: 'queue'; queue: QueueName }
  | { kind: 'bucket'; bucket: BucketRole }
  | { kind: 'serviceAccount'; account: ServiceAccountRole }
  | { kind: 'secret'; secret: string };

export interface IamBinding {
  /** The Pathwise service account granted the role. */
  member: ServiceAccountRole;
  role: string;
  on: IamResource;
  why: string;
  /** The functions that need it. */
  neededBy: string[];
}

export const RUNTIME_IDENTITIES: readonly RuntimeIdentity[] = ['api', 'events', 'user-admin'];

/** Event functions are delivered by Eventarc, as the trigger invoker. */
export function isEventFunction(fn: ManifestFunction): boolean {
  return fn.kind === 'pubsub' || isDirectEventFunction(fn);
}

/** Triggered by an Eventarc direct event (not a Pub/Sub topic of ours). */
export function isDirectEventFunction(fn: ManifestFunction): boolean {
  return fn.kind === 'storage' || fn.kind === 'firestore';
}

interface Need {
  role: string;
  on: IamResource;
  why: string;
  /** The functions among those given that need it. */
  who: (uses: FunctionUses) => boolean;
}

/** What each use needs, on which resource. */
function needs(manifest: Manifest, self: ServiceAccountRole): Need[] {
  return [
    {
      role: 'roles/datastore.user',
      on: { kind: 'project' },
      why: 'read and write Firestore documents',
      who: (u) => Boolean(u.firestore),
    },
    {
      role: 'roles/firebaseauth.admin',
      on: { kind: 'project' },
      why: 'set role claims, revoke tokens, create users and password-reset links',
      who: (u) => u.users === 'claims' || u.users === 'manage',
    },
    {
      role: 'roles/firebaseauth.viewer',
      on: { kind: 'project' },
      why: 'look up users (revocation checks, names and addresses)',
      who: (u) => u.users === 'read',
    },
    ...manifest.topics.map((topic): Need => ({
      role: 'roles/pubsub.publisher',
      on: { kind: 'topic', topic: topic.name },
      why: `publish to ${topic.name}`,
      who: (u) => Boolean(u.publishes?.includes(topic.name)),
    })),
    ...manifest.queues.map((queue): Need => ({
      role: 'roles/cloudtasks.enqueuer',
      on: { kind: 'queue', queue: queue.name },
      why: `create tasks on ${queue.name}`,
      who: (u) => Boolean(u.enqueues?.includes(queue.name)),
    })),
    {
      role: 'roles/iam.serviceAccountUser',
      on: { kind: 'serviceAccount', account: 'tasks-invoker' },
      why: "create tasks that carry the tasks invoker's OIDC identity",
      who: (u) => (u.enqueues?.length ?? 0) > 0,
    },
    ...manifest.buckets.map((bucket): Need => ({
      role: 'roles/storage.objectUser',
      on: { kind: 'bucket', bucket: bucket.role },
      why: `read, create and delete objects in the ${bucket.role} bucket`,
      who: (u) => Boolean(u.objects?.includes(bucket.role)),
    })),
    // A deployed function reads every secret into its environment when it starts.
    ...manifest.secrets.map((secret): Need => ({
      role: 'roles/secretmanager.secretAccessor',
      on: { kind: 'secret', secret: secret.name },
      why: `read ${secret.env}: ${secret.why}`,
      who: () => true,
    })),
    {
      role: 'roles/iam.serviceAccountTokenCreator',
      on: { kind: 'serviceAccount', account: self },
      why: 'sign V4 URLs and certificate credentials through IAM signBlob as itself',
      who: (u) => Boolean(u.signsUrls || u.signsCredentials),
    },
  ];
}

/** The roles of the identities functions run as: only what some function of each uses. */
export function runtimeBindings(manifest: Manifest): IamBinding[] {
  return RUNTIME_IDENTITIES.flatMap((identity) => {
    const functions = manifest.functions.filter((f) => f.serviceAccount === identity);
    return needs(manifest, identity).flatMap((need): IamBinding[] => {
      const neededBy = functions.filter((f) => need.who(f.uses)).map((f) => f.name);
      if (neededBy.length === 0) return [];
      return [{ member: identity, role: need.role, on: need.on, why: need.why, neededBy }];
    });
  });
}

/** The roles of the identities that deliver events to functions and build them. */
export function platformBindings(manifest: Manifest): IamBinding[] {
  // Pub/Sub triggers need only the invoker role on their function; direct events this too.
  const events = manifest.functions.filter(isDirectEventFunction).map((f) => f.name);
  return [
    ...(events.length > 0
      ? [
          {
            member: 'trigger-invoker' as const,
            role: 'roles/eventarc.eventReceiver',
            on: { kind: 'project' as const },
            why: 'receive Eventarc direct events (Cloud Storage, Firestore)',
            neededBy: events,
          },
        ]
      : []),
    {
      member: 'build',
      role: 'roles/cloudbuild.builds.builder',
      on: { kind: 'project' },
      why: 'build function sources (logs, Artifact Registry images, the source bucket)',
      neededBy: manifest.functions.map((f) => f.name),
    },
  ];
}
