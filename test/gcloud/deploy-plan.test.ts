/**
 * Every gcloud command of the deploy plan, as bash expands it, through the installed Google
 * Cloud CLI's own argument parser: with an isolated configuration and no account, a command
 * whose flags, values and groups gcloud accepts stops at the missing credentials; one it does
 * not accept stops earlier, with an argument error. What only the server checks (CPU against
 * concurrency, for one) the unit tests of infra/ cover.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { deployPlan } from '../../infra/deploy-plan';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'pathwise-gcloud-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const script = deployPlan({
  projectId: 'acme-learning',
  region: 'europe-west1',
  firestoreLocation: 'eur3',
  root,
  firebaseApiKey: 'AIzaSyA-demo-web-key',
}).join('\n');

/**
 * Runs the plan in bash with `gcloud`, `node`, `npx` and `sleep` as shell functions: gcloud
 * records its arguments exactly as bash passes them, and answers what the script reads back
 * (no database yet, the Storage agent, a run.app URL). Returns every recorded command in order.
 */
function recordCommands(): string[][] {
  const record = path.join(work, 'commands');
  const planFile = path.join(work, 'plan.sh');
  writeFileSync(planFile, script);
  writeFileSync(record, '');
  const driver = `
gcloud() {
  printf '%s\\0' "$@" >>"$RECORD"; printf '\\036' >>"$RECORD"
  case "$1 $2 $3" in
    'firestore databases describe') return 1 ;;
    'secrets describe '*) return 1 ;;
    'secrets create '*) cat >/dev/null ;;
    'storage service-agent '*) echo 'service-123456789012@gs-project-accounts.iam.gserviceaccount.com' ;;
    'functions describe '*) echo "https://$(echo "$3" | tr 'A-Z' 'a-z')-abc123xyz-ew.a.run.app" ;;
  esac
}
node() { :; }
npx() { :; }
sleep() { :; }
source "$PLAN"
`;
  execFileSync('bash', ['-c', driver], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', RECORD: record, PLAN: planFile },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return readFileSync(record, 'utf8')
    .split('\x1e')
    .filter((entry) => entry.length > 0)
    .map((entry) => entry.split('\0').slice(0, -1));
}

const commands = recordCommands();
const config = path.join(work, 'gcloud-config');

function installedGcloud(): string | undefined {
  try {
    return execFileSync('bash', ['-c', 'command -v gcloud'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** Nothing of the developer's: no account, no credentials, no metadata server, no prompts. */
const isolated = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: work,
  LANG: 'C.UTF-8',
  CLOUDSDK_CONFIG: config,
  CLOUDSDK_CORE_DISABLE_PROMPTS: '1',
  CLOUDSDK_CORE_CHECK_GCE_METADATA: 'false',
  CLOUDSDK_CORE_DISABLE_USAGE_REPORTING: 'true',
  CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: 'true',
};

const NO_CREDENTIALS = /You do not currently have an active account selected/;
const ARGUMENT_ERROR =
  /unrecognized arguments|argument [^\n]*: |Invalid value for|Invalid choice|is not a valid|must be specified|Bad syntax/;

/** Runs the real gcloud; its exit code, its ERROR line, and whether that is about arguments. */
async function gcloud(argv: readonly string[]) {
  const started = run('gcloud', argv, { env: isolated, timeout: 120_000 });
  // A command that reads its data from stdin (`--data-file=-`) gets none.
  started.child.stdin?.end();
  const outcome = await started.then(
    ({ stderr }) => ({ code: 0 as number | undefined, stderr }),
    (err: { code?: number; stderr?: string }) => ({ code: err.code, stderr: err.stderr ?? '' }),
  );
  // Some commands say what they are about to do first; the error is gcloud's ERROR line.
  const error = outcome.stderr.split('\n').find((l) => l.startsWith('ERROR:')) ?? '';
  return { code: outcome.code, error, argumentError: ARGUMENT_ERROR.test(outcome.stderr) };
}

describe('the deploy plan against the installed Google Cloud CLI', () => {
  it('finds gcloud (Debian package google-cloud-cli; .ci/run installs it)', () => {
    expect({
      gcloud: installedGcloud() ?? 'not installed: apt-get install google-cloud-cli',
    }).toEqual({
      gcloud: expect.stringMatching(/\/gcloud$/),
    });
  });

  it('runs to the end as bash, reaching every gcloud command it prints', () => {
    const sites = script
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n')
      .match(/(^|[\s(])gcloud /gm);
    expect(commands.length).toBe(sites?.length);
    expect(commands.length).toBeGreaterThan(40);
  });

  it.concurrent.each(commands.map((argv) => [argv.slice(0, 3).join(' '), argv] as const))(
    'gcloud %s … gets past argument parsing',
    async (_what, argv) => {
      const outcome = await gcloud(argv);
      expect({ argv, ...outcome }).toEqual({
        argv,
        code: 1,
        error: expect.stringMatching(NO_CREDENTIALS),
        argumentError: false,
      });
    },
  );

  it('tells an argument error from missing credentials (a control)', async () => {
    const outcome = await gcloud(['pubsub', 'topics', 'create', 't1', '--retention=7d']);
    expect(outcome).toEqual({
      code: 2,
      error: expect.stringContaining('unrecognized arguments: --retention=7d'),
      argumentError: true,
    });
  });
});
