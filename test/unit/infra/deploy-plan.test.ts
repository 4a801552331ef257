import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RAW_EVENT_TABLES } from '../../../infra/bigquery';
import { corsRefusals, CorsPolicySchema } from '../../../infra/bucket-policies';
import { deployPlan, firebaseJsonFor, REQUIRED_APIS, RUNTIME } from '../../../infra/deploy-plan';
import { platformBindings, runtimeBindings } from '../../../infra/iam';
import { manifest } from '../../../infra/manifest';
import { TaskTargets } from '../../../shared/triggers';
import { productSigner, signedRequests } from '../../helpers/signed-requests';

const root = path.resolve(__dirname, '../../..');
const plan = deployPlan({
  projectId: 'acme-learning',
  region: 'europe-west1',
  firestoreLocation: 'eur3',
  root,
});
const text = plan.join('\n');
/** Multi-line commands joined back into one line each. */
const commands = text.replace(/ \\\n\s+/g, ' ').split('\n');
const sa = (role: string) => `pathwise-${role}@acme-learning.iam.gserviceaccount.com`;
const triggerInvoker = sa('trigger-invoker');

function indexOf(predicate: (line: string) => boolean, what: string): number {
  const index = commands.findIndex(predicate);
  if (index < 0) throw new Error(`no command ${what}`);
  return index;
}
const deployIndex = (name: string) =>
  indexOf((l) => l.startsWith(`gcloud functions deploy ${name} `), `deploying ${name}`);
const deployLine = (name: string) => commands[deployIndex(name)] as string;

describe('deploy plan: functions', () => {
  it.each(manifest.functions.map((f) => [f.name, f] as const))(
    'deploys %s on nodejs24 with its size, identity and trigger',
    (name, fn) => {
      const line = deployLine(name);
      expect(RUNTIME).toBe('nodejs24');
      for (const flag of [
        '--gen2',
        '--runtime=nodejs24',
        '--region=europe-west1',
        `--entry-point=${name}`,
        '--project=acme-learning',
        '--source="$ROOT"',
        `--memory=${fn.memory}`,
        `--cpu=${fn.cpu}`,
        `--concurrency=${fn.concurrency}`,
        `--timeout=${fn.timeoutSeconds}s`,
        `--service-account=${sa(fn.serviceAccount)}`,
        `--build-service-account=projects/acme-learning/serviceAccounts/${sa('build')}`,
      ])
        expect(line).toContain(` ${flag}`);
      switch (fn.kind) {
        case 'http':
        case 'callable':
          expect(line).toContain('--trigger-http --allow-unauthenticated');
          break;
        case 'task':
          expect(line).toContain('--trigger-http --no-allow-unauthenticated');
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
          expect(line).toContain('--trigger-location=europe-west1');
          expect(line).toContain(`--trigger-service-account=${triggerInvoker}`);
          break;
        case 'firestore':
          // Created documents of the pattern in the default database, where the database is.
          expect(line).toContain(
            "--trigger-event-filters=type=google.cloud.firestore.document.v1.created --trigger-event-filters='database=(default)' " +
              `--trigger-event-filters-path-pattern='document=${fn.document}' --trigger-location=eur3 --trigger-service-account=${triggerInvoker}`,
          );
          break;
      }
      // The identities the function checks its callers' tokens against are the ones that call.
      expect(line).toContain(`PATHWISE_TASKS_INVOKER=${sa('tasks-invoker')}`);
      expect(line).toContain(`PATHWISE_TRIGGER_INVOKER=${triggerInvoker}`);
      expect(line).not.toMatch(/EMULATOR_HOST|PATHWISE_LOCAL_OIDC_CERTS/);
      if (fn.kind !== 'http' && fn.kind !== 'callable') {
        // Internal functions stay behind Cloud Run's IAM check, which verifies their callers'
        // token signatures before the code checks account and audience (shared/service-auth.ts).
        expect(line).not.toContain('--allow-unauthenticated');
        const invoker = fn.kind === 'task' ? 'tasks-invoker' : 'trigger-invoker';
        expect(commands).toContain(
          `retry gcloud functions add-invoker-policy-binding ${name} --region=europe-west1 --member=serviceAccount:${sa(invoker)} --project=acme-learning`,
        );
      }
      expect(line.includes('--retry')).toBe(Boolean(fn.retry));
    },
  );

  it('hands every function the mail settings, the secrets and the Web API key', () => {
    for (const fn of manifest.functions) {
      const line = deployLine(fn.name);
      expect(line).toContain('PATHWISE_PUBLIC_URL=https://acme-learning.web.app');
      expect(line).toContain(
        '--set-secrets=PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS=pathwise-email-unsubscribe-secrets:latest',
      );
      // Without --firebase-api-key the shell must supply it, or the script stops there.
      expect(line).toContain(
        'PATHWISE_FIREBASE_API_KEY="${PATHWISE_FIREBASE_API_KEY:?set the Web API key}"',
      );
    }
    const keyed = deployPlan({
      projectId: 'acme-learning',
      region: 'europe-west1',
      root,
      firebaseApiKey: 'AIzaKey',
    }).join('\n');
    expect(keyed).toContain('PATHWISE_FIREBASE_API_KEY=AIzaKey,');
  });

  it('creates each secret once, before anything is granted on it or deployed with it', () => {
    for (const secret of manifest.secrets) {
      const created = indexOf(
        (l) => l.includes(`gcloud secrets create ${secret.name} `),
        `creating ${secret.name}`,
      );
      expect(commands[created - 1]).toContain(`if ! gcloud secrets describe ${secret.name} `);
      const granted = indexOf(
        (l) => l.startsWith(`retry gcloud secrets add-iam-policy-binding ${secret.name} `),
        `granting ${secret.name}`,
      );
      expect(created).toBeLessThan(granted);
      expect(granted).toBeLessThan(deployIndex('catalogApi'));
    }
  });

  it('relays the outbox on entries created in the database, where the database is', () => {
    const line = deployLine('relayOutbox');
    expect(line).toContain(
      "--trigger-event-filters=type=google.cloud.firestore.document.v1.created --trigger-event-filters='database=(default)' --trigger-event-filters-path-pattern='document=outbox/{id}' --trigger-location=eur3 ",
    );
    expect(line).toContain(' --region=europe-west1 ');
    const plain = deployPlan({ projectId: 'acme-learning', region: 'us-central1', root });
    const usLine = plain
      .join('\n')
      .replace(/ \\\n\s+/g, ' ')
      .split('\n')
      .find((l) => l.startsWith('gcloud functions deploy relayOutbox '));
    expect(usLine).toContain(' --trigger-location=us-central1 ');
  });

  it("sends tasks to the handler's run.app URL, read once it is deployed", () => {
    const target = TaskTargets.expireUpload;
    const capture = indexOf(
      (l) => l.startsWith('EXPIRE_UPLOAD_URL="$(gcloud functions describe expireUpload '),
      'reading the URL',
    );
    expect(commands[capture]).toContain("--format='value(serviceConfig.uri)'");
    expect(capture).toBeGreaterThan(deployIndex(target.functionName));
    expect(commands[capture + 1]).toContain('[[ "$EXPIRE_UPLOAD_URL" == https://*.run.app ]]');
    for (const fn of manifest.functions) {
      const line = deployLine(fn.name);
      if (fn.uses.enqueues?.includes(target.queue)) {
        expect(line).toContain(`,${target.urlVariable}="$EXPIRE_UPLOAD_URL"`);
        expect(deployIndex(fn.name)).toBeGreaterThan(capture);
      } else {
        expect(line).not.toContain(target.urlVariable);
      }
    }
  });
});

describe('deploy plan: order and robustness', () => {
  const createDb = indexOf(
    (l) => l.includes('gcloud firestore databases create '),
    'creating the database',
  );

  it('enables every API first, Firebase and IAM ones included', () => {
    const enable = indexOf((l) => l.startsWith('gcloud services enable '), 'enabling APIs');
    expect(commands.findIndex((l) => /^\s*(retry )?gcloud /.test(l))).toBe(enable);
    for (const api of ['firebaserules', 'firebase', 'iam', 'iamcredentials', 'firestore'])
      expect(REQUIRED_APIS).toContain(`${api}.googleapis.com`);
    expect(commands[enable]).toContain(` ${REQUIRED_APIS.join(' ')} `);
  });

  it('creates the Firestore database in the chosen location before rules, indexes and functions', () => {
    expect(commands[createDb]).toBe(
      "  gcloud firestore databases create --database='(default)' --location=eur3 --type=firestore-native --project=acme-learning",
    );
    const rules = indexOf((l) => l.includes('--only firestore:rules,firestore:indexes'), 'rules');
    expect(createDb).toBeLessThan(rules);
    for (const fn of manifest.functions) expect(createDb).toBeLessThan(deployIndex(fn.name));
    // An existing database elsewhere stops the deploy: its location can never change.
    expect(commands[createDb - 2]).toContain(
      '[ "$existing" = eur3 ] || { echo "Firestore (default) is in $existing, not eur3" >&2; exit 1; }',
    );
  });

  it("puts the database in the functions' region unless told otherwise", () => {
    const plain = deployPlan({ projectId: 'acme-learning', region: 'europe-west1', root });
    expect(plain.join('\n')).toContain('--location=europe-west1 --type=firestore-native');
    expect(() =>
      deployPlan({ projectId: 'a-b-c-d', region: 'europe-west1', firestoreLocation: 'EU', root }),
    ).toThrow(/Firestore location/);
  });

  it('runs as a bash script that stops at the first failure, wherever it is started', () => {
    expect(plan[0]).toBe('#!/usr/bin/env bash');
    expect(commands).toContain('set -euo pipefail');
    expect(commands).toContain(`ROOT=${root}`);
    expect(text).not.toMatch(/--source=\.|--(cors|lifecycle)-file=infra|> ?firebase/);
    const local = commands.filter((l) => /^[^#]*\b(npx|node) /.test(l));
    expect(local).toHaveLength(3);
    for (const line of local) expect(line).toMatch(/^\(cd "\$ROOT" && /);
  });

  it('writes the Firebase config to a file, never through a redirect of build output', () => {
    const line = commands.find((l) => l.includes('--firebase-json')) ?? '';
    expect(line).toBe(
      '(cd "$ROOT" && node dist/infra/deploy-plan.js --region=europe-west1 --firestore-location=eur3 --firebase-json --out=firebase.deploy.json)',
    );
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts['deploy:plan']).toMatch(/^npm run -s build >&2 && /);
  });

  it('retries every IAM binding while IAM learns of new accounts', () => {
    const bindings = commands.filter((l) => / add-(iam|invoker)-policy-binding /.test(l));
    expect(bindings.length).toBeGreaterThan(10);
    for (const line of bindings) expect(line).toMatch(/^retry (gcloud|bq) /);
  });

  it('resolves the Storage service agent into a variable and checks it before granting it', () => {
    const resolve = indexOf(
      (l) => l === 'STORAGE_AGENT="$(gcloud storage service-agent --project=acme-learning)"',
      'resolving the agent',
    );
    expect(commands[resolve + 1]).toMatch(
      /^\[\[ "\$STORAGE_AGENT" == \*@gs-project-accounts\.iam\.gserviceaccount\.com \]\] \|\| \{ .*exit 1; \}$/,
    );
    expect(commands[resolve + 2]).toBe(
      'retry gcloud projects add-iam-policy-binding acme-learning --member="serviceAccount:$STORAGE_AGENT" --role=roles/pubsub.publisher --condition=None',
    );
  });
});

describe('deploy plan: identities', () => {
  it('creates every service account before granting it anything', () => {
    const firstGrant = indexOf((l) => l.includes('-policy-binding '), 'granting');
    for (const role of ['api', 'events', 'user-admin', 'tasks-invoker', 'trigger-invoker', 'build'])
      expect(
        indexOf((l) => l.startsWith(`gcloud iam service-accounts create pathwise-${role} `), role),
      ).toBeLessThan(firstGrant);
  });

  it.each(
    [...runtimeBindings(manifest), ...platformBindings(manifest)].map(
      (b) => [`${b.member} ${b.role}`, b] as const,
    ),
  )('grants %s on its resource and nowhere else', (_what, b) => {
    const member = `--member=serviceAccount:${sa(b.member)} --role=${b.role}`;
    const expected = {
      project: `retry gcloud projects add-iam-policy-binding acme-learning ${member} --condition=None`,
      topic: `retry gcloud pubsub topics add-iam-policy-binding ${'topic' in b.on ? b.on.topic : ''} ${member} --project=acme-learning`,
      queue: `retry gcloud tasks queues add-iam-policy-binding ${'queue' in b.on ? b.on.queue : ''} --location=europe-west1 ${member} --project=acme-learning`,
      bucket: `retry gcloud storage buckets add-iam-policy-binding gs://acme-learning-submissions ${member} --project=acme-learning`,
      serviceAccount: `retry gcloud iam service-accounts add-iam-policy-binding ${'account' in b.on ? sa(b.on.account) : ''} ${member} --project=acme-learning`,
      secret: `retry gcloud secrets add-iam-policy-binding ${'secret' in b.on ? b.on.secret : ''} ${member} --project=acme-learning`,
    }[b.on.kind];
    expect(commands).toContain(expected);
  });

  it('grants nothing beyond the derived bindings, the invokers, the Storage and Pub/Sub agents', () => {
    const expected =
      runtimeBindings(manifest).length +
      platformBindings(manifest).length +
      manifest.functions.filter((f) => f.kind !== 'http' && f.kind !== 'callable').length +
      1 +
      RAW_EVENT_TABLES.length;
    expect(commands.filter((l) => /-policy-binding /.test(l))).toHaveLength(expected);
    expect(text).not.toMatch(/roles\/(owner|editor|storage\.objectAdmin|storage\.admin)\b/);
  });
});

describe('deploy plan: the submissions bucket', () => {
  const heredoc = text.match(/cat >"\$WORK\/cors\.json" <<'JSON'\n([\s\S]*?)\nJSON\n/);
  const applied = CorsPolicySchema.parse(JSON.parse(heredoc?.[1] ?? 'null'));

  it('applies the CORS policy it prints and the lifecycle file, by absolute paths', () => {
    expect(commands).toContain(
      'gcloud storage buckets update gs://acme-learning-submissions --cors-file="$WORK/cors.json" --lifecycle-file="$ROOT/infra/lifecycle.json" --project=acme-learning',
    );
    expect(commands).toContain(
      'gcloud storage buckets create gs://acme-learning-submissions --location=europe-west1 --uniform-bucket-level-access --public-access-prevention --project=acme-learning',
    );
  });

  it('lets pages on every allowed origin send every header the signed URLs ask for', async () => {
    const origins = applied.flatMap((r) => r.origin);
    expect(origins).toEqual([
      'https://acme-learning.web.app',
      'https://acme-learning.firebaseapp.com',
      'http://localhost:5000',
    ]);
    const requests = await signedRequests(productSigner());
    for (const origin of origins)
      for (const request of requests) expect(corsRefusals(applied, origin, request)).toEqual([]);
    expect(corsRefusals(applied, 'https://evil.example', requests[0]!)).toEqual([
      'no rule allows origin https://evil.example',
    ]);
  });

  it('takes the origins the operator names', () => {
    const custom = deployPlan({
      projectId: 'acme-learning',
      region: 'europe-west1',
      corsOrigins: ['https://learn.acme.org'],
      root,
    }).join('\n');
    expect(custom).toContain('"origin": [\n      "https://learn.acme.org"\n    ]');
  });

  it('creates topics, queues and the schedule', () => {
    for (const t of manifest.topics)
      expect(commands.some((l) => l.startsWith(`gcloud pubsub topics create ${t.name} `))).toBe(
        true,
      );
    for (const q of manifest.queues) {
      const line = commands.find((l) => l.startsWith(`gcloud tasks queues create ${q.name} `));
      expect(line).toContain(`--max-attempts=${q.maxAttempts}`);
      expect(line).toContain(`--max-concurrent-dispatches=${q.maxConcurrentDispatches}`);
    }
    for (const s of manifest.schedules)
      expect(
        commands.find((l) => l.startsWith(`gcloud scheduler jobs create pubsub ${s.name} `)),
      ).toContain(` --topic=projects/acme-learning/topics/${s.topic} `);
  });
});

describe('the Firebase config of a deployment', () => {
  it('points rewrites at the region and names the database location', () => {
    const rendered = JSON.parse(
      firebaseJsonFor(
        'europe-west1',
        'eur3',
        readFileSync(path.join(root, 'firebase.json'), 'utf8'),
      ),
    );
    expect(
      rendered.hosting.rewrites.every(
        (r: { function: { region: string } }) => r.function.region === 'europe-west1',
      ),
    ).toBe(true);
    expect(rendered.firestore).toMatchObject({ rules: 'firestore.rules', location: 'eur3' });
    expect(text).toContain('firebase deploy --only hosting --config=firebase.deploy.json');
  });
});
