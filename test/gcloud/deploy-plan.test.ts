/**
 * Every gcloud command of the deploy plan, as bash expands it, through the installed Google
 * Cloud CLI's own argument parser: with an isolated configuration and no account, a command
 * whose flags, values and groups gcloud accepts stops at the missing credentials; one it does
 * not accept stops earlier, with an argument error. What only the server checks (CPU against
 * concurrency, for one) the unit tests of infra/ cover.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  // With an LRS, so its variables, its secret and its checks are parsed too.
  lrs: { endpoint: 'https://lrs.example.org/xapi', username: 'pathwise-key' },
}).join('\n');

/**
 * Runs the plan in bash with `gcloud`, `bq`, `node`, `npx` and `sleep` as shell functions: gcloud
 * and bq record their arguments exactly as bash passes them, and gcloud answers what the script
 * reads back (no database yet, no generated secret yet but the operator's LRS password, the
 * Storage agent, a run.app URL, the project number). Returns
 * every recorded command in order, per CLI.
 */
function recordCommands(): { gcloud: string[][]; bq: string[][] } {
  const record = path.join(work, 'commands');
  const bqRecord = path.join(work, 'bq-commands');
  const planFile = path.join(work, 'plan.sh');
  writeFileSync(planFile, script);
  writeFileSync(record, '');
  writeFileSync(bqRecord, '');
  const driver = `
bq() {
  printf '%s\\0' "$@" >>"$BQ_RECORD"; printf '\\036' >>"$BQ_RECORD"
  cat >/dev/null
}
gcloud() {
  printf '%s\\0' "$@" >>"$RECORD"; printf '\\036' >>"$RECORD"
  case "$1 $2 $3" in
    'projects describe '*) echo 123456789012 ;;
    'firestore databases describe') return 1 ;;
    'secrets describe pathwise-lrs-password') return 0 ;;
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
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      RECORD: record,
      BQ_RECORD: bqRecord,
      PLAN: planFile,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const read = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\x1e')
      .filter((entry) => entry.length > 0)
      .map((entry) => entry.split('\0').slice(0, -1));
  return { gcloud: read(record), bq: read(bqRecord) };
}

const recorded = recordCommands();
const commands = recorded.gcloud;
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

/** bq's own entry point, beside gcloud's in the installed Google Cloud CLI. */
function bqScript(): string | undefined {
  const gcloudPath = installedGcloud();
  if (!gcloudPath) return undefined;
  const bin = execFileSync('readlink', ['-f', gcloudPath], { encoding: 'utf8' }).trim();
  return path.resolve(path.dirname(bin), '..', 'platform', 'bq', 'bq.py');
}

/**
 * bq parses its flags and then asks gcloud for an access token (several gcloud starts, seconds
 * each). Here a `gcloud` first on the PATH refuses at once: a command bq accepts stops at that
 * refusal, one it does not stops earlier with a flag error.
 */
const refusingGcloud = path.join(work, 'refusing-gcloud');
mkdirSync(refusingGcloud);
writeFileSync(
  path.join(refusingGcloud, 'gcloud'),
  '#!/bin/sh\necho "ERROR: (gcloud) no credentials in this test: $*" >&2\nexit 1\n',
  { mode: 0o755 },
);
const STOPPED_AT_CREDENTIALS = /Error retrieving auth\s+credentials\s+from\s+gcloud/;
const BQ_ARGUMENT_ERROR =
  /FATAL (Flags parsing error|Command '[^']*' unknown)|Unknown command line flag/;

/** Runs bq's own parser; whether it reached the credentials, and any flag error it printed. */
async function bq(argv: readonly string[]) {
  const started = run('python3', [bqScript() ?? 'bq.py', ...argv], {
    env: { ...isolated, PATH: `${refusingGcloud}:${isolated.PATH}` },
    timeout: 120_000,
  });
  started.child.stdin?.end();
  const output = await started.then(
    ({ stdout, stderr }) => stdout + stderr,
    (err: { stdout?: string; stderr?: string }) => (err.stdout ?? '') + (err.stderr ?? ''),
  );
  return {
    credentials: STOPPED_AT_CREDENTIALS.test(output),
    argumentError: BQ_ARGUMENT_ERROR.exec(output)?.[0] ?? null,
  };
}

describe('the deploy plan’s BigQuery commands against the installed bq', () => {
  it('reaches every bq command it prints', () => {
    const sites = script
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n')
      .match(/(^|[\s(])bq /gm);
    expect(recorded.bq.length).toBe(sites?.length);
    expect(recorded.bq.length).toBeGreaterThanOrEqual(7);
  });

  it.concurrent.each(recorded.bq.map((argv) => [argv.slice(1, 2).join(' '), argv] as const))(
    'bq %s … gets past flag parsing',
    async (_what, argv) => {
      expect({ argv, ...(await bq(argv)) }).toEqual({
        argv,
        credentials: true,
        argumentError: null,
      });
    },
  );

  it('tells a flag error from missing credentials (a control)', async () => {
    expect(await bq(['--project_id=acme-learning', 'mk', '--partitioning=DAY', 'd.t'])).toEqual({
      credentials: false,
      argumentError: expect.stringContaining('Flags parsing error'),
    });
  });
});
