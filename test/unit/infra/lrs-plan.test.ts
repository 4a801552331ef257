import path from 'node:path';
import { deployPlan } from '../../../infra/deploy-plan';
import { LRS_FUNCTIONS, LRS_PASSWORD_SECRET, LrsPlanSchema } from '../../../infra/lrs-plan';
import { manifest } from '../../../infra/manifest';

const root = path.resolve(__dirname, '../../..');
const plan = (lrs?: { endpoint: string; username?: string }) =>
  deployPlan({
    projectId: 'acme-learning',
    region: 'europe-west1',
    firestoreLocation: 'eur3',
    root,
    ...(lrs ? { lrs } : {}),
  })
    .join('\n')
    .replace(/ \\\n\s+/g, ' ')
    .split('\n');
const deployLine = (lines: string[], name: string) =>
  lines.find((l) => l.startsWith(`gcloud functions deploy ${name} `)) as string;

describe('deploy plan: the LRS push', () => {
  const endpoint = 'https://lrs.example.org/xapi';
  const withLrs = plan({ endpoint, username: 'pathwise-key' });

  it('gives the pushing functions the endpoint, the username and the password secret', () => {
    for (const name of LRS_FUNCTIONS) {
      const line = deployLine(withLrs, name);
      // The last variables of --set-env-vars, then the secrets.
      expect(line).toContain(
        `,PATHWISE_LRS_ENDPOINT=${endpoint},PATHWISE_LRS_USERNAME=pathwise-key --set-secrets=`,
      );
      expect(line).toMatch(
        new RegExp(`--set-secrets=[^ ]*,PATHWISE_LRS_PASSWORD=${LRS_PASSWORD_SECRET}:latest( |$)`),
      );
    }
  });

  it('leaves every other function without the LRS', () => {
    for (const fn of manifest.functions.filter((f) => !LRS_FUNCTIONS.includes(f.name))) {
      expect(deployLine(withLrs, fn.name)).not.toContain('PATHWISE_LRS_');
    }
  });

  it('runs the pushers as the account it lets read the password, and checks the secret first', () => {
    for (const name of LRS_FUNCTIONS)
      expect(manifest.functions.find((f) => f.name === name)?.serviceAccount).toBe('events');
    const check = withLrs.indexOf(
      `if ! gcloud secrets describe ${LRS_PASSWORD_SECRET} --project=acme-learning >/dev/null 2>&1; then`,
    );
    const grant = withLrs.findIndex((l) =>
      l.startsWith(
        `retry gcloud secrets add-iam-policy-binding ${LRS_PASSWORD_SECRET} --member=serviceAccount:pathwise-events@acme-learning.iam.gserviceaccount.com --role=roles/secretmanager.secretAccessor`,
      ),
    );
    const firstDeploy = withLrs.findIndex((l) => l.startsWith('gcloud functions deploy '));
    expect(check).toBeGreaterThan(0);
    expect(withLrs[check + 2]).toBe('  exit 1');
    expect(check).toBeLessThan(grant);
    expect(grant).toBeLessThan(firstDeploy);
  });

  it('without credentials sets the endpoint only; without an LRS, nothing', () => {
    const open = plan({ endpoint });
    expect(deployLine(open, 'indexStatement')).toContain(`PATHWISE_LRS_ENDPOINT=${endpoint}`);
    expect(open.join('\n')).not.toMatch(/PATHWISE_LRS_(USERNAME|PASSWORD)|pathwise-lrs-password/);
    expect(plan().join('\n')).not.toContain('LRS');
  });

  it('refuses an endpoint that is not an http(s) URL, or that gcloud would split', () => {
    expect(LrsPlanSchema.safeParse({ endpoint: 'ftp://lrs.example.org' }).success).toBe(false);
    expect(LrsPlanSchema.safeParse({ endpoint: 'https://lrs.example.org/a,b' }).success).toBe(
      false,
    );
    expect(LrsPlanSchema.safeParse({ endpoint, username: "it's" }).error?.issues[0]?.path).toEqual([
      'username',
    ]);
    expect(() => plan({ endpoint: 'not a url' })).toThrow(/http\(s\) URL/);
  });
});
