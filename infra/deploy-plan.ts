// Over 300 lines: one ordered script, section by section, plus its command line.
/**
 * Prints, without running anything, a bash script that deploys Pathwise to a Firebase project:
 * APIs, the Firestore database in the chosen location, service accounts with the roles their
 * functions use (infra/iam.ts), topics, the BigQuery export of learner events, queues, the
 * submissions bucket with its CORS and lifecycle policies, Firestore rules and indexes, every
 * function of the manifest, the scheduler job and Hosting. docs/deploy.md walks through it.
 *
 *   npm run -s deploy:plan -- --project P --region europe-west1 [--firestore-location eur3]
 *       [--cors-origins https://app.example.com,http://localhost:5000] > deploy.sh
 *   node dist/infra/deploy-plan.js --region R --firestore-location L --firebase-json --out FILE
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { serviceAccountEmail, ServiceAccountRoles } from '../shared/triggers';
import { bigQueryCommands } from './bigquery';
import { lrsSecretCommands, LrsPlanSchema, type LrsPlan } from './lrs-plan';
import { defaultCorsOrigins, deployedCorsPolicy, LifecyclePolicySchema } from './bucket-policies';
import { deployOrder, functionCommands, shellWord } from './deploy-functions';
import { platformBindings, runtimeBindings, type IamBinding } from './iam';
import { repoRoot } from './local/rewrites';
import { manifest } from './manifest';

export { RUNTIME } from './deploy-functions';

export interface PlanOptions {
  projectId: string;
  region: string;
  /** A Firestore region or multi-region (`eur3`, `nam5`); the functions' region by default. */
  firestoreLocation?: string;
  /** Origins whose pages may use signed URLs; the project's Hosting domains and localhost by default. */
  corsOrigins?: readonly string[];
  /** The checkout the script deploys (absolute); this repository by default. */
  root?: string;
  /**
   * The project's Web API key (public; `firebase apps:sdkconfig web` shows it), which
   * `/api/v1/auth/login` and `/refresh` pass to Identity Toolkit. Without it the script takes
   * it from the shell's PATHWISE_FIREBASE_API_KEY when it runs.
   */
  firebaseApiKey?: string;
  /** An external LRS every statement is pushed to (its xAPI endpoint, and a Basic-auth user). */
  lrs?: LrsPlan;
}

/** The APIs the plan uses, all enabled before anything else. */
export const REQUIRED_APIS = [
  'cloudresourcemanager',
  'serviceusage',
  'iam',
  'iamcredentials',
  'cloudfunctions',
  'run',
  'cloudbuild',
  'artifactregistry',
  'eventarc',
  'pubsub',
  'cloudtasks',
  'cloudscheduler',
  'firestore',
  'storage',
  'firebase',
  'firebaserules',
  'firebasehosting',
  'identitytoolkit',
  'secretmanager',
  'bigquery',
].map((api) => `${api}.googleapis.com`);

const LocationSchema = z
  .string()
  .regex(
    /^([a-z]+-[a-z]+\d+|nam\d+|eur\d+)$/,
    'Expected a Firestore location such as eur3, nam5 or europe-west1',
  );

/** Bash that stops on the first failure and retries a command while IAM catches up. */
const PRELUDE = [
  'set -euo pipefail',
  '',
  '# A new service account takes a while to be known to IAM: retry its bindings until it is.',
  'retry() {',
  '  local attempt=1',
  '  until "$@"; do',
  '    [ "$attempt" -ge 8 ] && return 1',
  '    echo "retrying in $((attempt * 10))s: $*" >&2',
  '    sleep $((attempt * 10))',
  '    attempt=$((attempt + 1))',
  '  done',
  '}',
];

function bindingCommand(
  b: IamBinding,
  projectId: string,
  region: string,
  bucket: (role: string) => string,
): string {
  const member = `--member=serviceAccount:${serviceAccountEmail(b.member, projectId)} --role=${b.role}`;
  const p = `--project=${projectId}`;
  switch (b.on.kind) {
    case 'project':
      return `retry gcloud projects add-iam-policy-binding ${projectId} ${member} --condition=None`;
    case 'topic':
      return `retry gcloud pubsub topics add-iam-policy-binding ${b.on.topic} ${member} ${p}`;
    case 'queue':
      return `retry gcloud tasks queues add-iam-policy-binding ${b.on.queue} --location=${region} ${member} ${p}`;
    case 'bucket':
      return `retry gcloud storage buckets add-iam-policy-binding gs://${bucket(b.on.bucket)} ${member} ${p}`;
    case 'serviceAccount':
      return `retry gcloud iam service-accounts add-iam-policy-binding ${serviceAccountEmail(b.on.account, projectId)} ${member} ${p}`;
    case 'secret':
      return `retry gcloud secrets add-iam-policy-binding ${b.on.secret} ${member} ${p}`;
  }
}

export function deployPlan(options: PlanOptions): string[] {
  const { projectId, region } = options;
  const location = LocationSchema.parse(options.firestoreLocation ?? region);
  const root = options.root ?? repoRoot();
  const cors = deployedCorsPolicy(
    JSON.parse(readFileSync(path.join(root, 'infra', 'cors.json'), 'utf8')),
    options.corsOrigins ?? defaultCorsOrigins(projectId),
  );
  // Checked here, so a broken lifecycle file stops the plan instead of the deploy.
  LifecyclePolicySchema.parse(
    JSON.parse(readFileSync(path.join(root, 'infra', 'lifecycle.json'), 'utf8')),
  );
  const p = `--project=${projectId}`;
  const bucketName = (role: string) => {
    const bucket = manifest.buckets.find((b) => b.role === role);
    if (!bucket) throw new Error(`No bucket with role ${role} in the manifest`);
    return bucket.name(projectId);
  };
  const bindings = [...runtimeBindings(manifest), ...platformBindings(manifest)];
  const bind = (b: IamBinding) => [
    `# ${b.member}: ${b.why} (${b.neededBy.join(', ')})`,
    bindingCommand(b, projectId, region, bucketName),
  ];
  const lines: string[] = [];
  const section = (title: string) => lines.push('', `# ${title}`);

  lines.push(
    '#!/usr/bin/env bash',
    `# Pathwise deploy plan: project ${projectId}, functions in ${region}, Firestore in ${location}.`,
    '# Generated by `npm run deploy:plan`; nothing here has been run. See docs/deploy.md.',
    `# Prerequisite: ${projectId} is a Firebase project with billing (Firebase console, or`,
    `# \`npx firebase projects:addfirebase ${projectId}\`), and you may administer it.`,
    ...PRELUDE,
    `ROOT=${shellWord(root)}`,
    'WORK="$(mktemp -d)"',
    'trap \'rm -rf "$WORK"\' EXIT',
  );

  section('APIs');
  lines.push(`gcloud services enable ${REQUIRED_APIS.join(' ')} ${p}`);

  section(`Firestore database (default) in ${location}: its location can never change`);
  lines.push(
    `if existing="$(gcloud firestore databases describe --database=${shellWord('(default)')} --format=${shellWord('value(locationId)')} ${p} 2>/dev/null)"; then`,
    `  [ "$existing" = ${location} ] || { echo "Firestore (default) is in $existing, not ${location}" >&2; exit 1; }`,
    'else',
    `  gcloud firestore databases create --database=${shellWord('(default)')} --location=${location} --type=firestore-native ${p}`,
    'fi',
  );

  section('Service accounts, and their project-level roles (least privilege, see infra/iam.ts)');
  for (const role of ServiceAccountRoles) {
    lines.push(
      `gcloud iam service-accounts create pathwise-${role} --display-name=${shellWord(`Pathwise ${role}`)} ${p}`,
    );
  }
  for (const b of bindings) {
    if (b.on.kind === 'project' || b.on.kind === 'serviceAccount') lines.push(...bind(b));
  }

  section('Secrets: created once with a random value (rotate by adding a version); readers');
  for (const secret of manifest.secrets) {
    lines.push(
      `# ${secret.env}: ${secret.why}`,
      `if ! gcloud secrets describe ${secret.name} ${p} >/dev/null 2>&1; then`,
      `  openssl rand -base64 48 | tr -d '\\n' | gcloud secrets create ${secret.name} --replication-policy=automatic --data-file=- ${p}`,
      'fi',
    );
  }
  for (const b of bindings) if (b.on.kind === 'secret') lines.push(...bind(b));
  lines.push(...lrsSecretCommands(projectId, options.lrs));

  section('Pub/Sub topics; publishers per topic');
  for (const topic of manifest.topics) {
    lines.push(
      `gcloud pubsub topics create ${topic.name} --message-retention-duration=${topic.retentionDays}d ${p}`,
    );
  }
  for (const b of bindings) if (b.on.kind === 'topic') lines.push(...bind(b));

  section(`BigQuery: learner events from Pub/Sub, and cohort views (infra/bigquery.ts)`);
  lines.push(...bigQueryCommands({ projectId, region, root }));

  section('Cloud Tasks queues; enqueuers per queue');
  for (const q of manifest.queues) {
    lines.push(
      `gcloud tasks queues create ${q.name} --location=${region} --max-dispatches-per-second=${q.maxDispatchesPerSecond} --max-concurrent-dispatches=${q.maxConcurrentDispatches} --max-attempts=${q.maxAttempts} --min-backoff=${q.minBackoffSeconds}s --max-backoff=${q.maxBackoffSeconds}s ${p}`,
    );
  }
  for (const b of bindings) if (b.on.kind === 'queue') lines.push(...bind(b));

  section('Buckets: CORS for the allowed origins, quarantined files deleted after 7 days');
  lines.push(`cat >"$WORK/cors.json" <<'JSON'`, JSON.stringify(cors, null, 2), 'JSON');
  for (const b of manifest.buckets) {
    const name = b.name(projectId);
    lines.push(
      `gcloud storage buckets create gs://${name} --location=${region} --uniform-bucket-level-access --public-access-prevention ${p}`,
      `gcloud storage buckets update gs://${name} --cors-file="$WORK/cors.json" --lifecycle-file="$ROOT/infra/lifecycle.json" ${p}`,
    );
  }
  for (const b of bindings) if (b.on.kind === 'bucket') lines.push(...bind(b));
  if (manifest.functions.some((f) => f.kind === 'storage')) {
    lines.push(
      '# Eventarc storage triggers need the Cloud Storage service agent to publish',
      `STORAGE_AGENT="$(gcloud storage service-agent ${p})"`,
      '[[ "$STORAGE_AGENT" == *@gs-project-accounts.iam.gserviceaccount.com ]] || { echo "unexpected Storage service agent: \'$STORAGE_AGENT\'" >&2; exit 1; }',
      `retry gcloud projects add-iam-policy-binding ${projectId} --member="serviceAccount:$STORAGE_AGENT" --role=roles/pubsub.publisher --condition=None`,
    );
  }

  section(`Firebase config for ${region} and ${location}; Firestore rules and indexes`);
  lines.push(
    `(cd "$ROOT" && node dist/infra/deploy-plan.js --region=${region} --firestore-location=${location} --firebase-json --out=firebase.deploy.json)`,
    `(cd "$ROOT" && npx firebase deploy --only firestore:rules,firestore:indexes --config=firebase.deploy.json --non-interactive ${p})`,
  );

  section(`Functions (Cloud Run functions, runtime nodejs24, built by pathwise-build)`);
  const ctx = {
    projectId,
    region,
    firestoreLocation: location,
    bucketName,
    secrets: manifest.secrets,
    ...(options.firebaseApiKey ? { firebaseApiKey: options.firebaseApiKey } : {}),
    ...(options.lrs ? { lrs: LrsPlanSchema.parse(options.lrs) } : {}),
  };
  for (const fn of deployOrder(manifest.functions)) lines.push(...functionCommands(fn, ctx));

  // The topic by its full name: gcloud resolves a bare one before it reads --project.
  section('Schedules');
  for (const s of manifest.schedules) {
    lines.push(
      `gcloud scheduler jobs create pubsub ${s.name} --location=${region} --schedule=${shellWord(s.schedule)} --topic=projects/${projectId}/topics/${s.topic} --message-body='{}' ${p}`,
    );
  }

  section('Hosting rewrites (/api/v1/** → functions)');
  lines.push(
    `(cd "$ROOT" && npx firebase deploy --only hosting --config=firebase.deploy.json --non-interactive ${p})`,
  );
  return lines;
}

interface FirebaseJson {
  firestore: Record<string, unknown>;
  hosting: { rewrites: { function: { region: string } }[] };
}

/** firebase.json with every Hosting rewrite in the deploy region and the database's location. */
export function firebaseJsonFor(region: string, firestoreLocation: string, source: string): string {
  const json = JSON.parse(source) as FirebaseJson;
  for (const rewrite of json.hosting.rewrites) rewrite.function.region = region;
  json.firestore = { ...json.firestore, location: LocationSchema.parse(firestoreLocation) };
  return `${JSON.stringify(json, null, 2)}\n`;
}

const ArgsSchema = z.object({
  project: z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'Expected a project id')
    .optional(),
  region: z.string().regex(/^[a-z]+-[a-z]+\d+$/, 'Expected a region such as europe-west1'),
  'firestore-location': z.string().optional(),
  'cors-origins': z.string().optional(),
  'firebase-api-key': z.string().min(1).optional(),
  'lrs-endpoint': LrsPlanSchema.shape.endpoint.optional(),
  'lrs-username': LrsPlanSchema.shape.username,
  'firebase-json': z.literal(true).optional(),
  out: z.string().optional(),
});

function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) continue;
    const [key, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (inline !== undefined) out[key] = inline;
    else if (argv[i + 1] && !argv[i + 1]?.startsWith('--')) out[key] = argv[++i] as string;
    else out[key] = true;
  }
  return out;
}

function main(argv: string[]): void {
  const parsed = ArgsSchema.safeParse(parseArgs(argv));
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      console.error(`--${issue.path.join('.')}: ${issue.message}`);
    console.error(
      'usage: npm run -s deploy:plan -- --project P --region R [--firestore-location L] [--cors-origins O,O] [--firebase-api-key K] [--lrs-endpoint URL [--lrs-username U]]',
    );
    process.exit(2);
  }
  const args = parsed.data;
  if (args['lrs-username'] && !args['lrs-endpoint']) {
    console.error('--lrs-username: only with --lrs-endpoint');
    process.exit(2);
  }
  const location = args['firestore-location'] ?? args.region;
  if (args['firebase-json']) {
    const json = firebaseJsonFor(
      args.region,
      location,
      readFileSync(path.join(repoRoot(), 'firebase.json'), 'utf8'),
    );
    // Written to a file, so nothing else a command prints can end up in it.
    if (args.out) writeFileSync(path.resolve(args.out), json);
    else process.stdout.write(json);
    return;
  }
  if (!args.project) {
    console.error('--project: required for the plan');
    process.exit(2);
  }
  const plan = deployPlan({
    projectId: args.project,
    region: args.region,
    firestoreLocation: location,
    ...(args['cors-origins'] ? { corsOrigins: args['cors-origins'].split(',') } : {}),
    ...(args['firebase-api-key'] ? { firebaseApiKey: args['firebase-api-key'] } : {}),
    ...(args['lrs-endpoint']
      ? {
          lrs: {
            endpoint: args['lrs-endpoint'],
            ...(args['lrs-username'] ? { username: args['lrs-username'] } : {}),
          },
        }
      : {}),
  });
  console.log(plan.join('\n'));
}

if (require.main === module) main(process.argv.slice(2));
