import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deployPlan, firebaseJsonFor, RUNTIME } from '../../../infra/deploy-plan';
import { manifest } from '../../../infra/manifest';

const plan = deployPlan({ projectId: 'acme-learning', region: 'europe-west1' });
const text = plan.join('\n');
/** Multi-line commands joined back into one line each. */
const commands = text.replace(/ \\\n\s+/g, ' ').split('\n');

const triggerInvoker = 'pathwise-trigger-invoker@acme-learning.iam.gserviceaccount.com';

function deployLine(name: string): string {
  const line = commands.find((l) => l.startsWith(`gcloud functions deploy ${name} `));
  if (!line) throw new Error(`no deploy command for ${name}`);
  return line;
}

describe('deploy plan', () => {
  it.each(manifest.functions.map((f) => [f.name, f] as const))(
    'deploys %s on nodejs24 with its trigger',
    (name, fn) => {
      const line = deployLine(name);
      expect(RUNTIME).toBe('nodejs24');
      expect(line).toContain('--runtime=nodejs24');
      expect(line).toContain('--gen2');
      expect(line).toContain('--region=europe-west1');
      expect(line).toContain(`--entry-point=${name}`);
      expect(line).toContain('--project=acme-learning');
      expect(line).toContain(`--memory=${fn.memory}`);
      expect(line).toContain(`--timeout=${fn.timeoutSeconds}s`);
      switch (fn.kind) {
        case 'http':
        case 'callable':
          expect(line).toContain('--trigger-http --allow-unauthenticated');
          break;
        case 'task':
          expect(line).toContain('--trigger-http --no-allow-unauthenticated');
          expect(commands).toContain(
            `gcloud functions add-invoker-policy-binding ${name} --region=europe-west1 --member=serviceAccount:pathwise-tasks-invoker@acme-learning.iam.gserviceaccount.com --project=acme-learning`,
          );
          break;
        case 'pubsub':
          expect(line).toContain(`--trigger-topic=${fn.topic}`);
          expect(line).toContain(`--trigger-service-account=${triggerInvoker}`);
          break;
        case 'storage':
          expect(line).toContain(
            `--trigger-event-filters=type=google.cloud.storage.object.v1.${fn.event}`,
          );
          expect(line).toContain('--trigger-event-filters=bucket=acme-learning-submissions');
          expect(line).toContain(`--trigger-service-account=${triggerInvoker}`);
          break;
      }
      // The identities the function checks its callers' tokens against are the ones that call.
      expect(line).toContain(
        'PATHWISE_TASKS_INVOKER=pathwise-tasks-invoker@acme-learning.iam.gserviceaccount.com',
      );
      expect(line).toContain(`PATHWISE_TRIGGER_INVOKER=${triggerInvoker}`);
      expect(line).not.toMatch(/EMULATOR_HOST|PATHWISE_LOCAL_OIDC_CERTS/);
      if (fn.kind === 'pubsub' || fn.kind === 'storage' || fn.kind === 'task') {
        // Internal functions stay behind Cloud Run's IAM check, which verifies their callers'
        // token signatures before the code checks account and audience (shared/service-auth.ts).
        expect(line).not.toContain('--allow-unauthenticated');
        const invoker = fn.kind === 'task' ? 'tasks-invoker' : 'trigger-invoker';
        expect(commands).toContain(
          `gcloud functions add-invoker-policy-binding ${name} --region=europe-west1 --member=serviceAccount:pathwise-${invoker}@acme-learning.iam.gserviceaccount.com --project=acme-learning`,
        );
      }
      expect(line.includes('--retry')).toBe(Boolean(fn.retry));
      expect(line).toContain(
        `--service-account=pathwise-${fn.serviceAccount}@acme-learning.iam.gserviceaccount.com`,
      );
    },
  );

  it('hands every function the mail settings, the unsubscribe secret and the Web API key', () => {
    for (const fn of manifest.functions) {
      const line = deployLine(fn.name);
      expect(line).toContain('PATHWISE_PUBLIC_URL=https://acme-learning.web.app');
      expect(line).toContain(
        '--set-secrets=PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS=pathwise-email-unsubscribe-secrets:latest',
      );
      // Without --firebase-api-key the shell must supply it, or the command stops.
      expect(line).toContain(
        'PATHWISE_FIREBASE_API_KEY=${PATHWISE_FIREBASE_API_KEY:?set the Web API key}',
      );
    }
    const keyed = deployPlan({
      projectId: 'acme-learning',
      region: 'europe-west1',
      firebaseApiKey: 'AIzaKey',
    }).join('\n');
    expect(keyed).toContain('PATHWISE_FIREBASE_API_KEY=AIzaKey');
    expect(commands.some((c) => c.includes('secretmanager.secretAccessor'))).toBe(true);
  });

  it('creates every topic, queue, bucket and schedule', () => {
    for (const t of manifest.topics)
      expect(commands.some((l) => l.startsWith(`gcloud pubsub topics create ${t.name} `))).toBe(
        true,
      );
    for (const q of manifest.queues) {
      const line = commands.find((l) => l.startsWith(`gcloud tasks queues create ${q.name} `));
      expect(line).toContain(`--max-attempts=${q.maxAttempts}`);
      expect(line).toContain(`--max-concurrent-dispatches=${q.maxConcurrentDispatches}`);
    }
    expect(commands).toContain(
      'gcloud storage buckets create gs://acme-learning-submissions --location=europe-west1 --uniform-bucket-level-access --public-access-prevention --project=acme-learning',
    );
    for (const s of manifest.schedules)
      expect(text).toContain(`gcloud scheduler jobs create pubsub ${s.name} `);
  });

  it('gives the bucket a CORS policy that lets a browser PUT to a signed URL', () => {
    expect(commands).toContain(
      'gcloud storage buckets update gs://acme-learning-submissions --cors-file=infra/cors.json --project=acme-learning',
    );
    const cors = JSON.parse(
      readFileSync(path.resolve(__dirname, '../../../infra/cors.json'), 'utf8'),
    );
    expect(cors[0].method).toEqual(expect.arrayContaining(['PUT', 'GET', 'POST']));
    expect(cors[0].responseHeader).toEqual(
      expect.arrayContaining(['Content-Type', 'x-goog-resumable']),
    );
  });

  it('grants each service account only the roles it needs', () => {
    const grants = commands.filter((l) => l.startsWith('gcloud projects add-iam-policy-binding'));
    expect(grants.some((l) => l.includes('roles/owner') || l.includes('roles/editor'))).toBe(false);
    expect(
      grants.some((l) => l.includes('pathwise-api@') && l.includes('roles/datastore.user')),
    ).toBe(true);
    expect(commands.some((l) => l.includes('roles/iam.serviceAccountTokenCreator'))).toBe(true);
  });

  it('deploys Firestore rules, indexes and Hosting rewrites for the target region', () => {
    expect(text).toContain('firebase deploy --only firestore:rules,firestore:indexes,hosting');
    const rendered = JSON.parse(
      firebaseJsonFor(
        'europe-west1',
        readFileSync(path.resolve(__dirname, '../../../firebase.json'), 'utf8'),
      ),
    );
    expect(
      rendered.hosting.rewrites.every(
        (r: { function: { region: string } }) => r.function.region === 'europe-west1',
      ),
    ).toBe(true);
    expect(rendered.firestore.rules).toBe('firestore.rules');
  });
});
