import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildSync } from 'esbuild';
import { factories } from '../../../functions/definitions';
import { buildTarget, factoryModule, loadFactory } from '../../../functions/targets';
import { createServices } from '../../../functions/services';
import { parseConfig } from '../../../shared/config';
import { manifest } from '../../../infra/manifest';
import { testSecret } from '../../helpers/email-settings';

/**
 * Each deployed function's entry point loads only what it uses. The module graph is read from a
 * real Node process per function (the compiled sources, FUNCTION_TARGET set as on Cloud Run),
 * because what counts is what Node loads, not what a test runner's registry holds.
 */
const root = path.resolve(__dirname, '..', '..', '..');
const names = manifest.functions.map((fn) => fn.name);
const services = () => createServices(parseConfig({ GOOGLE_CLOUD_PROJECT: 'demo-pathwise' }));

/** Libraries of a few hundred modules or megabytes each, loaded only where they are used. */
const HEAVY = [
  'pdf-lib',
  'fontkit',
  'qrcode',
  'linebreak',
  'handlebars',
  'markdown-it',
  'fflate',
  'stopword',
  'ignore',
  '@google-cloud/storage',
  '@google-cloud/pubsub',
  '@google-cloud/tasks',
];

describe('function modules', () => {
  it('maps names to modules by the kebab-case rule', () => {
    expect(factoryModule('catalogApi')).toBe('./catalog-api');
    expect(factoryModule('onSubmissionUploaded')).toBe('./on-submission-uploaded');
  });

  it.each(names.filter((name) => name !== 'apiDocs'))(
    '%s is found by its name alone, as the factory the full list holds',
    (name) => {
      expect(factories).toContain(loadFactory(name));
    },
  );

  it('names a missing function or factory precisely', () => {
    expect(() => loadFactory('noSuchFunction')).toThrow(
      'No module ./no-such-function for function noSuchFunction',
    );
    expect(() => loadFactory('services')).toThrow('Module ./services exports no factory named');
  });

  it('builds only the target, or every function without one', () => {
    const s = services();
    expect(buildTarget(s, 'catalogApi').map((fn) => fn.name)).toEqual(['catalogApi']);
    expect(buildTarget(s, 'apiDocs').map((fn) => fn.name)).toEqual(['apiDocs']);
    expect(
      buildTarget(s, undefined)
        .map((fn) => fn.name)
        .sort(),
    ).toEqual([...names].sort());
  });
});

/** The JavaScript Node runs: every module of functions/ and shared/, compiled one to one. */
function compile(outdir: string): void {
  const sources = (dir: string): string[] =>
    readdirSync(path.join(root, dir)).flatMap((name) => {
      const rel = path.join(dir, name);
      if (statSync(path.join(root, rel)).isDirectory()) return sources(rel);
      return rel.endsWith('.ts') ? [path.join(root, rel)] : [];
    });
  buildSync({
    entryPoints: [...sources('functions'), ...sources('shared')],
    outdir,
    outbase: root,
    format: 'cjs',
    platform: 'node',
    target: 'node24',
    logLevel: 'error',
  });
}

/**
 * Starts `target` in a fresh process as Cloud Run would, then, if asked, touches the services a
 * request would (a dotted path such as `certificates.issuance`, or a feature), and lists the
 * modules loaded.
 */
const PROBE = `
const path = require('node:path');
const [dir, target, touch] = process.argv.slice(1);
process.env.FUNCTION_TARGET = target;
require(path.join(dir, 'functions', 'index.js'));
if (touch) {
  let value = require(path.join(dir, 'functions', 'services.js')).servicesFromEnvironment();
  for (const key of touch.split('.')) value = value[key];
  // A feature's services stand in for it until used: listing them is a use.
  Reflect.ownKeys(value);
}
process.stdout.write(JSON.stringify(Object.keys(require.cache)));
process.exit(0);
`;

/** zod loaded after the entry's locale hook, as the entry loads it, failing on a nested field. */
const ZOD_PROBE = `
const path = require('node:path');
require(path.join(process.argv[1], 'functions', 'english-zod.js'));
const { z } = require('zod');
const result = z.object({ a: z.object({ b: z.string() }) }).safeParse({ a: { b: 1 } });
process.stdout.write(JSON.stringify({ issues: result.error.issues, locales: Object.keys(z.locales) }));
`;

const run = promisify(execFile);

describe('what each function loads', () => {
  // Inside the checkout, so the compiled modules resolve node_modules as the real build does.
  mkdirSync(path.join(root, '.cache'), { recursive: true });
  const outdir = mkdtempSync(path.join(root, '.cache', 'entry-graph-'));
  const loaded = new Map<string, string[]>();

  async function probe(target: string, touch = ''): Promise<string[]> {
    const { stdout } = await run(process.execPath, ['-e', PROBE, outdir, target, touch], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        GOOGLE_CLOUD_PROJECT: 'demo-pathwise',
        // What the deploy plan sets: issuing mails the learner.
        PATHWISE_PUBLIC_URL: 'https://demo-pathwise.web.app',
        PATHWISE_EMAIL_SUPPORT_ADDRESS: 'support@demo-pathwise.web.app',
        PATHWISE_EMAIL_UNSUBSCRIBE_MAILTO: 'unsubscribe@demo-pathwise.web.app',
        PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS: testSecret,
      },
    });
    return (JSON.parse(stdout) as string[]).map((file) => path.relative(root, file));
  }

  const packagesIn = (files: readonly string[]) =>
    new Set(files.flatMap((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1] ?? []));
  const functionModulesIn = (files: readonly string[]) =>
    files
      .map((f) => path.relative(path.join(path.relative(root, outdir), 'functions'), f))
      .filter((f) => !f.startsWith('..') && !f.includes('/'))
      .map((f) => f.replace(/\.js$/, ''));

  beforeAll(async () => {
    compile(outdir);
    // A few processes at a time: the machine is shared.
    const queue = [...names];
    const worker = async () => {
      for (let name = queue.shift(); name; name = queue.shift())
        loaded.set(name, await probe(name));
    };
    await Promise.all([worker(), worker(), worker()]);
    // 34 fresh processes of ~830 modules each: over 3 minutes at a load of 15 on two cores.
  }, 420_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it.each(names)('%s starts without any heavy library', (name) => {
    const packages = packagesIn(loaded.get(name) ?? []);
    expect(HEAVY.filter((p) => packages.has(p))).toEqual([]);
    // It did start: functions-framework and the Firebase clients are there.
    expect(packages.has('firebase-admin')).toBe(true);
  });

  it.each(names)('%s loads zod with its English locale alone', (name) => {
    const locales = (loaded.get(name) ?? []).filter((f) => f.includes('/zod/v4/locales/'));
    expect(locales.map((f) => path.basename(f))).toEqual(['en.cjs']);
  });

  it("keeps zod's English messages and field paths with English alone", async () => {
    const { stdout } = await run(process.execPath, ['-e', ZOD_PROBE, outdir], { cwd: root });
    expect(JSON.parse(stdout)).toEqual({
      issues: [
        {
          code: 'invalid_type',
          expected: 'string',
          path: ['a', 'b'],
          message: 'Invalid input: expected string, received number',
        },
      ],
      locales: ['en'],
    });
  });

  it.each(names)('%s loads its own function module and no other', (name) => {
    const own = factoryModule(name).slice(2);
    const others = functionModulesIn(loaded.get(name) ?? []).filter(
      (m) => m !== own && !['index', 'targets', 'services', 'register'].includes(m),
    );
    // A route table may be split over modules of its own (lesson-routes.ts for progressApi).
    expect(
      others.filter((m) => names.includes(m.replace(/-(\w)/g, (_, c) => c.toUpperCase()))),
    ).toEqual([]);
  });

  // Every feature is deferred: building a function touches no feature, its first request does.
  it.each(names)('%s loads no feature wiring at start', (name) => {
    const wiring = (loaded.get(name) ?? [])
      .map((f) => path.relative(path.join(path.relative(root, outdir), 'functions', 'wiring'), f))
      .filter((f) => !f.startsWith('..'))
      .map((f) => f.replace(/\.js$/, ''));
    expect(wiring.filter((m) => !['lazy', 'platform'].includes(m))).toEqual([]);
  });

  it.each(['learner', 'analytics', 'privacy', 'accounts', 'email'])(
    'the %s feature loads on first use, and catalogApi never loads it',
    async (feature) => {
      const [used, catalog] = await Promise.all([
        probe('catalogApi', feature),
        probe('catalogApi', 'catalog.reads'),
      ]);
      const wiringModule = path.join(
        path.relative(root, outdir),
        'functions',
        'wiring',
        `${feature}.js`,
      );
      expect(used).toContain(wiringModule);
      expect(catalog).not.toContain(wiringModule);
    },
    60_000,
  );

  it('certificatesApi loads pdf-lib once it issues; catalogApi never does', async () => {
    const [certificates, catalog] = await Promise.all([
      probe('certificatesApi', 'certificates.issuance'),
      probe('catalogApi', 'catalog.reads'),
    ]);
    expect(packagesIn(certificates).has('pdf-lib')).toBe(true);
    expect(packagesIn(catalog).has('pdf-lib')).toBe(false);
  }, 60_000);
});
