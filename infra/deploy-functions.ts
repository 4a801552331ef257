/**
 * The deploy plan's function commands: `gcloud functions deploy` for each function of the
 * manifest with its size, identity, trigger and environment, who may invoke it, and for a task
 * handler the capture of its `run.app` URL that the functions creating its tasks are given.
 */
import { serviceAccountEmail, TaskTargets, type ServiceAccountRole } from '../shared/triggers';
import { isEventFunction } from './iam';
import { lrsEnv, lrsSecrets, type LrsPlan } from './lrs-plan';
import type { ManifestFunction, ManifestSecret } from './manifest';

export const RUNTIME = 'nodejs24';

export interface FunctionPlanContext {
  projectId: string;
  region: string;
  /** Where Eventarc's Firestore triggers listen: the database's location. */
  firestoreLocation: string;
  bucketName: (role: string) => string;
  secrets: readonly ManifestSecret[];
  /** The Web API key; without it the script takes PATHWISE_FIREBASE_API_KEY from its shell. */
  firebaseApiKey?: string;
  /** An external LRS the statements are pushed to; no push without it. */
  lrs?: LrsPlan;
}

/** A value as one bash word: bare when it is plain, single-quoted otherwise. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_./:@=,+-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

/** The shell variable the script keeps a task handler's URL in: `EXPIRE_UPLOAD_URL`. */
export function urlVariable(functionName: string): string {
  return `${functionName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_URL`;
}

function taskTargetOf(fn: ManifestFunction) {
  return Object.values(TaskTargets).find((t) => t.functionName === fn.name);
}

/**
 * Variables whose values are known only once the task handlers are deployed. A handler that
 * enqueues on its own queue learns its own URL after its deploy (see functionCommands).
 */
function taskUrlEnv(fn: ManifestFunction): string[] {
  return Object.values(TaskTargets)
    .filter((t) => fn.uses.enqueues?.includes(t.queue) && t.functionName !== fn.name)
    .map((t) => `${t.urlVariable}="$${urlVariable(t.functionName)}"`);
}

function triggerFlags(fn: ManifestFunction, ctx: FunctionPlanContext): string[] {
  const invoker = serviceAccountEmail('trigger-invoker', ctx.projectId);
  switch (fn.kind) {
    case 'http':
    case 'callable':
      // Authentication is the Firebase ID token, checked in code; Hosting and browsers call these.
      return ['--trigger-http', '--allow-unauthenticated'];
    case 'task':
      // Only Cloud Tasks, with an OIDC token of the invoker account, may call a task handler
      // (IAM checks it in front; the function checks it again in code).
      return ['--trigger-http', '--no-allow-unauthenticated'];
    case 'pubsub':
      return [`--trigger-topic=${fn.topic}`, `--trigger-service-account=${invoker}`];
    case 'storage':
      return [
        `--trigger-event-filters=type=google.cloud.storage.object.v1.${fn.event}`,
        `--trigger-event-filters=bucket=${ctx.bucketName(fn.bucket ?? 'submissions')}`,
        `--trigger-location=${ctx.region}`,
        `--trigger-service-account=${invoker}`,
      ];
    case 'firestore':
      // Eventarc's Firestore triggers live where the database is, which may be a multi-region.
      return [
        '--trigger-event-filters=type=google.cloud.firestore.document.v1.created',
        `--trigger-event-filters=${shellWord('database=(default)')}`,
        `--trigger-event-filters-path-pattern=${shellWord(`document=${fn.document}`)}`,
        `--trigger-location=${ctx.firestoreLocation}`,
        `--trigger-service-account=${invoker}`,
      ];
  }
}

/** Functions in deploy order: task handlers first, so their URLs exist for the rest. */
export function deployOrder(functions: readonly ManifestFunction[]): ManifestFunction[] {
  return [...functions].sort((a, b) => Number(b.kind === 'task') - Number(a.kind === 'task'));
}

export function functionCommands(fn: ManifestFunction, ctx: FunctionPlanContext): string[] {
  const { projectId, region } = ctx;
  const sa = (role: ServiceAccountRole) => serviceAccountEmail(role, projectId);
  const env = [
    `GOOGLE_CLOUD_PROJECT=${projectId}`,
    `FUNCTION_REGION=${region}`,
    `PATHWISE_SUBMISSIONS_BUCKET=${ctx.bucketName('submissions')}`,
    `PATHWISE_SERVICE_ACCOUNT=${sa(fn.serviceAccount)}`,
    `PATHWISE_TASKS_INVOKER=${sa('tasks-invoker')}`,
    `PATHWISE_TRIGGER_INVOKER=${sa('trigger-invoker')}`,
    // Hosting's default domain; a deployment with its own domain and mailboxes sets these.
    `PATHWISE_PUBLIC_URL=https://${projectId}.web.app`,
    `PATHWISE_EMAIL_SUPPORT_ADDRESS=support@${projectId}.web.app`,
    `PATHWISE_EMAIL_UNSUBSCRIBE_MAILTO=unsubscribe@${projectId}.web.app`,
    `PATHWISE_FIREBASE_API_KEY=${ctx.firebaseApiKey ? shellWord(ctx.firebaseApiKey) : '"${PATHWISE_FIREBASE_API_KEY:?set the Web API key}"'}`,
    ...taskUrlEnv(fn),
    ...lrsEnv(fn.name, ctx.lrs),
  ];
  const secrets = [
    ...ctx.secrets.map((x) => `${x.env}=${x.name}:latest`),
    ...lrsSecrets(fn.name, ctx.lrs),
  ];
  const flags: string[] = [
    `gcloud functions deploy ${fn.name}`,
    '--gen2',
    `--runtime=${RUNTIME}`,
    `--region=${region}`,
    '--source="$ROOT"',
    `--entry-point=${fn.name}`,
    `--service-account=${sa(fn.serviceAccount)}`,
    `--build-service-account=projects/${projectId}/serviceAccounts/${sa('build')}`,
    `--memory=${fn.memory}`,
    `--cpu=${fn.cpu}`,
    `--concurrency=${fn.concurrency}`,
    `--timeout=${fn.timeoutSeconds}s`,
    `--max-instances=${fn.maxInstances}`,
    `--set-env-vars=${env.join(',')}`,
    ...(secrets.length > 0 ? [`--set-secrets=${secrets.join(',')}`] : []),
    ...triggerFlags(fn, ctx),
  ];
  if (fn.retry) flags.push('--retry');
  flags.push(`--project=${projectId}`);
  const commands = [flags.join(' \\\n    ')];

  const invoker =
    fn.kind === 'task' ? 'tasks-invoker' : isEventFunction(fn) ? 'trigger-invoker' : null;
  if (invoker) {
    commands.push(
      `retry gcloud functions add-invoker-policy-binding ${fn.name} --region=${region} --member=serviceAccount:${sa(invoker)} --project=${projectId}`,
    );
  }
  if (taskTargetOf(fn)) {
    const variable = urlVariable(fn.name);
    commands.push(
      `# Cloud Tasks calls ${fn.name} at its run.app URL, with a token for exactly that audience`,
      `${variable}="$(gcloud functions describe ${fn.name} --region=${region} --format=${shellWord('value(serviceConfig.uri)')} --project=${projectId})"`,
      `[[ "$${variable}" == https://*.run.app ]] || { echo "${fn.name} has no run.app URL: '$${variable}'" >&2; exit 1; }`,
    );
    const own = taskTargetOf(fn);
    if (own && fn.uses.enqueues?.includes(own.queue)) {
      // Its service is the function's, lower-cased: a new revision with its own URL set.
      commands.push(
        `# ${fn.name} schedules its own next task: it learns its URL now that it has one`,
        `retry gcloud run services update ${fn.name.toLowerCase()} --region=${region} --update-env-vars=${own.urlVariable}="$${variable}" --project=${projectId}`,
      );
    }
  }
  return commands;
}
