/**
 * Prints, without running anything, the commands that deploy Pathwise to a project:
 * APIs, service accounts with least-privilege roles, Pub/Sub topics, Cloud Tasks queues, the
 * submissions bucket with its CORS policy, every function of the manifest on `nodejs24` with
 * its trigger, the scheduler job, then Firestore rules and indexes and Hosting rewrites.
 *
 *   npm run deploy:plan -- --project my-project --region europe-west1 [--firebase-api-key K]
 *   npm run -s deploy:plan -- --region europe-west1 --firebase-json > firebase.deploy.json
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { manifest, type ManifestFunction, type ServiceAccountRole } from './manifest';

export interface PlanOptions {
  projectId: string;
  region: string;
  corsFile?: string;
  /**
   * The project's Web API key (public; `firebase apps:sdkconfig web` shows it), which
   * `/api/v1/auth/login` and `/refresh` pass to Identity Toolkit. Without it the plan reads it
   * from the shell's PATHWISE_FIREBASE_API_KEY when the commands run.
   */
  firebaseApiKey?: string;
}

interface FirebaseJson {
  hosting: { rewrites: { source: string; function: { functionId: string; region: string } }[] };
}

export const RUNTIME = 'nodejs24';
export const EMAIL_SECRET = 'pathwise-email-unsubscribe-secrets';

function sa(role: ServiceAccountRole, projectId: string): string {
  return `pathwise-${role}@${projectId}.iam.gserviceaccount.com`;
}

function quote(value: string): string {
  return /^[A-Za-z0-9_./:@=,-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

/** The roles each identity needs, and nothing more. */
export function projectRoles(projectId: string): { member: string; role: string; why: string }[] {
  const m = (r: ServiceAccountRole) => `serviceAccount:${sa(r, projectId)}`;
  return [
    { member: m('api'), role: 'roles/datastore.user', why: 'read and write Firestore' },
    { member: m('api'), role: 'roles/pubsub.publisher', why: 'publish domain events' },
    { member: m('api'), role: 'roles/cloudtasks.enqueuer', why: 'schedule delayed work' },
    {
      member: m('api'),
      role: 'roles/firebaseauth.admin',
      why: 'set role claims, look up learners',
    },
    { member: m('events'), role: 'roles/datastore.user', why: 'read and write Firestore' },
    { member: m('events'), role: 'roles/pubsub.publisher', why: 'publish follow-up events' },
    { member: m('events'), role: 'roles/cloudtasks.enqueuer', why: 'schedule delayed work' },
    { member: m('events'), role: 'roles/firebaseauth.viewer', why: 'look up learners for mail' },
    {
      member: m('trigger-invoker'),
      role: 'roles/eventarc.eventReceiver',
      why: 'receive Eventarc events',
    },
  ];
}

function functionCommand(
  fn: ManifestFunction,
  options: PlanOptions,
  bucketName: (role: string) => string,
): string[] {
  const { projectId, region } = options;
  const flags: string[] = [
    `gcloud functions deploy ${fn.name}`,
    '--gen2',
    `--runtime=${RUNTIME}`,
    `--region=${region}`,
    '--source=.',
    `--entry-point=${fn.name}`,
    `--service-account=${sa(fn.serviceAccount, projectId)}`,
    `--memory=${fn.memory}`,
    `--timeout=${fn.timeoutSeconds}s`,
    `--max-instances=${fn.maxInstances}`,
    `--concurrency=${fn.concurrency}`,
    `--set-env-vars=${[
      `GOOGLE_CLOUD_PROJECT=${projectId}`,
      `FUNCTION_REGION=${region}`,
      `PATHWISE_SUBMISSIONS_BUCKET=${bucketName('submissions')}`,
      `PATHWISE_SERVICE_ACCOUNT=${sa('api', projectId)}`,
      `PATHWISE_TASKS_INVOKER=${sa('tasks-invoker', projectId)}`,
      `PATHWISE_TRIGGER_INVOKER=${sa('trigger-invoker', projectId)}`,
      // Hosting's default domain; a deployment with its own domain and mailboxes sets these.
      `PATHWISE_PUBLIC_URL=https://${projectId}.web.app`,
      `PATHWISE_EMAIL_SUPPORT_ADDRESS=support@${projectId}.web.app`,
      `PATHWISE_EMAIL_UNSUBSCRIBE_MAILTO=unsubscribe@${projectId}.web.app`,
      `PATHWISE_FIREBASE_API_KEY=${options.firebaseApiKey ?? '${PATHWISE_FIREBASE_API_KEY:?set the Web API key}'}`,
    ].join(',')}`,
    // Unsubscribe links are signed with these (comma-separated, newest first), from Secret Manager.
    `--set-secrets=PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS=${EMAIL_SECRET}:latest`,
  ];
  switch (fn.kind) {
    case 'http':
    case 'callable':
      // Authentication is the Firebase ID token, checked in code; Hosting and browsers call these.
      flags.push('--trigger-http', '--allow-unauthenticated');
      break;
    case 'task':
      // Only Cloud Tasks, with an OIDC token of the invoker account, may call a task handler
      // (IAM checks it in front; the function checks it again in code).
      flags.push('--trigger-http', '--no-allow-unauthenticated');
      break;
    case 'pubsub':
      flags.push(
        `--trigger-topic=${fn.topic}`,
        `--trigger-service-account=${sa('trigger-invoker', projectId)}`,
      );
      break;
    case 'storage':
      flags.push(
        `--trigger-event-filters=type=google.cloud.storage.object.v1.${fn.event}`,
        `--trigger-event-filters=bucket=${bucketName(fn.bucket ?? 'submissions')}`,
        `--trigger-location=${region}`,
        `--trigger-service-account=${sa('trigger-invoker', projectId)}`,
      );
      break;
    case 'firestore':
      flags.push(
        '--trigger-event-filters=type=google.cloud.firestore.document.v1.created',
        "--trigger-event-filters=database='(default)'",
        `--trigger-event-filters-path-pattern=document='${fn.document}'`,
        `--trigger-location=${region}`,
        `--trigger-service-account=${sa('trigger-invoker', projectId)}`,
      );
      break;
  }
  if (fn.retry) flags.push('--retry');
  flags.push(`--project=${projectId}`);
  const commands = [flags.join(' \\\n    ')];
  if (fn.kind === 'task') {
    commands.push(
      `gcloud functions add-invoker-policy-binding ${fn.name} --region=${region} --member=serviceAccount:${sa('tasks-invoker', projectId)} --project=${projectId}`,
    );
  }
  if (fn.kind === 'pubsub' || fn.kind === 'storage' || fn.kind === 'firestore') {
    commands.push(
      `gcloud functions add-invoker-policy-binding ${fn.name} --region=${region} --member=serviceAccount:${sa('trigger-invoker', projectId)} --project=${projectId}`,
    );
  }
  return commands;
}

export function deployPlan(options: PlanOptions): string[] {
  const { projectId, region } = options;
  const p = `--project=${projectId}`;
  const bucketName = (role: string) => {
    const bucket = manifest.buckets.find((b) => b.role === role);
    if (!bucket) throw new Error(`No bucket with role ${role} in the manifest`);
    return bucket.name(projectId);
  };
  const lines: string[] = [];
  const section = (title: string) => lines.push('', `# ${title}`);

  lines.push(
    `# Pathwise deploy plan: project ${projectId}, region ${region}. Nothing here has been run.`,
  );
  section('APIs');
  lines.push(
    `gcloud services enable cloudfunctions.googleapis.com run.googleapis.com cloudbuild.googleapis.com artifactregistry.googleapis.com eventarc.googleapis.com pubsub.googleapis.com cloudtasks.googleapis.com cloudscheduler.googleapis.com firestore.googleapis.com storage.googleapis.com iamcredentials.googleapis.com identitytoolkit.googleapis.com firebasehosting.googleapis.com secretmanager.googleapis.com ${p}`,
  );

  section('Service accounts (least privilege)');
  const roles: ServiceAccountRole[] = ['api', 'events', 'tasks-invoker', 'trigger-invoker'];
  for (const role of roles) {
    lines.push(
      `gcloud iam service-accounts create pathwise-${role} --display-name=${quote(`Pathwise ${role}`)} ${p}`,
    );
  }
  for (const binding of projectRoles(projectId)) {
    lines.push(`# ${binding.why}`);
    lines.push(
      `gcloud projects add-iam-policy-binding ${projectId} --member=${binding.member} --role=${binding.role} --condition=None`,
    );
  }
  lines.push('# the api account signs V4 URLs through IAM signBlob with its own identity');
  lines.push(
    `gcloud iam service-accounts add-iam-policy-binding ${sa('api', projectId)} --member=serviceAccount:${sa('api', projectId)} --role=roles/iam.serviceAccountTokenCreator ${p}`,
  );
  for (const creator of ['api', 'events'] as const) {
    lines.push(`# ${creator} functions create tasks that carry the tasks-invoker OIDC identity`);
    lines.push(
      `gcloud iam service-accounts add-iam-policy-binding ${sa('tasks-invoker', projectId)} --member=serviceAccount:${sa(creator, projectId)} --role=roles/iam.serviceAccountUser ${p}`,
    );
  }
  lines.push('# the unsubscribe-link secret: a random value; rotate by adding a new first one');
  lines.push(
    `openssl rand -base64 48 | tr -d '\\n' | gcloud secrets create ${EMAIL_SECRET} --data-file=- ${p}`,
  );
  for (const reader of ['api', 'events'] as const) {
    lines.push(
      `gcloud secrets add-iam-policy-binding ${EMAIL_SECRET} --member=serviceAccount:${sa(reader, projectId)} --role=roles/secretmanager.secretAccessor ${p}`,
    );
  }
  lines.push('# Eventarc storage triggers need the Cloud Storage service agent to publish');
  lines.push(
    `gcloud projects add-iam-policy-binding ${projectId} --member=serviceAccount:$(gcloud storage service-agent ${p}) --role=roles/pubsub.publisher --condition=None`,
  );

  section('Pub/Sub topics');
  for (const topic of manifest.topics) {
    lines.push(
      `gcloud pubsub topics create ${topic.name} --message-retention-duration=${topic.retentionDays}d ${p}`,
    );
  }

  section('Cloud Tasks queues');
  for (const q of manifest.queues) {
    lines.push(
      `gcloud tasks queues create ${q.name} --location=${region} --max-dispatches-per-second=${q.maxDispatchesPerSecond} --max-concurrent-dispatches=${q.maxConcurrentDispatches} --max-attempts=${q.maxAttempts} --min-backoff=${q.minBackoffSeconds}s --max-backoff=${q.maxBackoffSeconds}s ${p}`,
    );
  }

  section('Buckets');
  for (const b of manifest.buckets) {
    const name = b.name(projectId);
    lines.push(
      `gcloud storage buckets create gs://${name} --location=${region} --uniform-bucket-level-access --public-access-prevention ${p}`,
    );
    lines.push(`# lets a browser PUT straight to a signed URL`);
    lines.push(
      `gcloud storage buckets update gs://${name} --cors-file=${options.corsFile ?? 'infra/cors.json'} ${p}`,
    );
    for (const role of ['api', 'events'] as const) {
      lines.push(
        `gcloud storage buckets add-iam-policy-binding gs://${name} --member=serviceAccount:${sa(role, projectId)} --role=roles/storage.objectAdmin ${p}`,
      );
    }
  }

  section('Functions (Cloud Run functions, runtime nodejs24; the buildpack runs gcp-build)');
  for (const fn of manifest.functions) lines.push(...functionCommand(fn, options, bucketName));

  section('Schedules');
  for (const s of manifest.schedules) {
    lines.push(
      `gcloud scheduler jobs create pubsub ${s.name} --location=${region} --schedule=${quote(s.schedule)} --topic=${s.topic} --message-body='{}' ${p}`,
    );
  }

  section('Firestore rules and indexes, Hosting rewrites (/api/v1/** → functions)');
  lines.push(`npm run -s deploy:plan -- --region=${region} --firebase-json > firebase.deploy.json`);
  lines.push(
    `npx firebase deploy --only firestore:rules,firestore:indexes,hosting --config firebase.deploy.json ${p}`,
  );
  return lines;
}

/** firebase.json with every Hosting rewrite pointed at the deploy region. */
export function firebaseJsonFor(region: string, source: string): string {
  const json = JSON.parse(source) as FirebaseJson;
  for (const rewrite of json.hosting.rewrites) rewrite.function.region = region;
  return JSON.stringify(json, null, 2);
}

function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) continue;
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) out[key] = inline;
    else if (argv[i + 1] && !argv[i + 1]?.startsWith('--')) out[key] = argv[++i] as string;
    else out[key] = true;
  }
  return out;
}

if (require.main === module) {
  const args = parseArgs(process.argv.slice(2));
  const region = typeof args.region === 'string' ? args.region : undefined;
  const project = typeof args.project === 'string' ? args.project : undefined;
  if (args['firebase-json']) {
    if (!region) {
      console.error('usage: deploy:plan -- --region R --firebase-json');
      process.exit(2);
    }
    const root = path.resolve(__dirname, '..', '..');
    console.log(firebaseJsonFor(region, readFileSync(path.join(root, 'firebase.json'), 'utf8')));
  } else {
    if (!region || !project) {
      console.error('usage: npm run deploy:plan -- --project P --region R');
      process.exit(2);
    }
    const apiKey =
      typeof args['firebase-api-key'] === 'string' ? args['firebase-api-key'] : undefined;
    console.log(
      deployPlan({
        projectId: project,
        region,
        ...(apiKey ? { firebaseApiKey: apiKey } : {}),
      }).join('\n'),
    );
  }
}
