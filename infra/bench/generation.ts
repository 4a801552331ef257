/**
 * npm run bench:generation — runs inside the emulators, through the local stack (Cloud Tasks
 * admission, Pub/Sub stage messages, Firestore checkpoints, the catalog write), and prints for
 * synthetic repositories of 200 and 2,000 Markdown documents: the time to a draft course, the
 * process's peak resident memory while generating, each stage's duration and units, and the time
 * of an incremental re-run after one document changed. Figures only: nothing asserts on time.
 */
import { createHash } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { Services } from '../../functions/services';
import type { Caller } from '../../shared/auth';
import type { StageDoc } from '../../shared/generation/model';
import { Stages } from '../../shared/generation/plan';
import { runMain } from '../cli';
import { startStack } from '../local/stack';

const SIZES = [200, 2000];
const VOCABULARY = (
  'cache index query shard replica commit branch merge rebase remote fetch push pull tag ' +
  'stash tree blob object hash snapshot pointer history conflict patch diff hook config ' +
  'schema migration table column row transaction isolation lock deadlock latency throughput ' +
  'queue worker message topic subscription retry backoff timeout deadline token session ' +
  'cookie header request response status router handler middleware template render'
).split(' ');

/** A deterministic pseudo-random stream, so every run of the benchmark sees the same corpus. */
function stream(seed: string) {
  let state = createHash('sha256').update(seed).digest();
  let i = 0;
  return () => {
    if (i + 4 > state.length) {
      state = createHash('sha256').update(state).digest();
      i = 0;
    }
    const value = state.readUInt32BE(i);
    i += 4;
    return value;
  };
}

function sentence(next: () => number): string {
  const words = Array.from(
    { length: 10 + (next() % 12) },
    () => VOCABULARY[next() % VOCABULARY.length],
  );
  const text = `The ${words.join(' ')}.`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function document(index: number, edition = 0): { path: string; content: string } {
  const next = stream(`doc-${index}-${edition}`);
  const paragraph = () => Array.from({ length: 3 + (next() % 3) }, () => sentence(next)).join(' ');
  const sections = Array.from({ length: 3 }, (_, s) => {
    const code =
      s === 1
        ? `\n\n\`\`\`js\nconst step${index} = ${next() % 100};\nrun(step${index});\n\`\`\``
        : '';
    return `## Part ${s + 1} of topic ${index}\n\n${paragraph()}\n\n${paragraph()}${code}`;
  });
  const folder = `docs/${String(Math.floor(index / 50)).padStart(2, '0')}-chapter`;
  return {
    path: `${folder}/topic-${index}.md`,
    content: `# Topic ${index}\n\n${paragraph()}\n\n${sections.join('\n\n')}\n`,
  };
}

interface RunFigures {
  seconds: number;
  peakRssMb: number;
  stages: { stage: string; seconds: number; computed: number; reused: number }[];
  status: string;
  /** What the content stage produced: modules, resources, questions, granularity. */
  draft: string;
}

async function generate(services: Services, caller: Caller, courseId: string): Promise<RunFigures> {
  const started = Date.now();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  await services.generation.runs.start(caller, { course_id: courseId }, {}, { requestId: 'bench' });
  let project = await services.generation.repository.project(courseId);
  while (project?.status === 'generating') {
    await new Promise((resolve) => setTimeout(resolve, 200));
    project = await services.generation.repository.project(courseId);
  }
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  const records = await services.generation.repository.stageDocs(courseId);
  const stages = Stages.map((stage) => {
    const r = records[stage] as StageDoc;
    const span =
      r.started_at && r.completed_at ? r.completed_at.toMillis() - r.started_at.toMillis() : NaN;
    return { stage, seconds: span / 1000, computed: r.units_computed, reused: r.units_reused };
  });
  const failure = Stages.map((s) => records[s]?.error_message).find((m) => m);
  return {
    seconds,
    peakRssMb: Math.round(peak / 2 ** 20),
    stages,
    status: failure ? `failed: ${failure}` : (project?.status ?? 'gone'),
    draft: Object.entries(records.stage4?.summary ?? {})
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  };
}

async function putSources(
  services: Services,
  courseId: string,
  files: { path: string; content: string }[],
) {
  const now = Timestamp.now();
  await services.generation.repository.putSources(
    courseId,
    files.map((f) => {
      const bytes = Buffer.from(f.content);
      return {
        key: createHash('sha256').update(f.path).digest('hex').slice(0, 40),
        doc: {
          path: f.path,
          data: bytes.toString('base64'),
          bytes: bytes.length,
          content_hash: createHash('sha256').update(bytes).digest('hex'),
          created_at: now,
        },
      };
    }),
  );
}

function print(label: string, run: RunFigures): void {
  console.log(`${label}: ${run.seconds.toFixed(1)} s, peak RSS ${run.peakRssMb} MB, ${run.status}`);
  console.log(`  draft: ${run.draft}`);
  for (const s of run.stages)
    console.log(
      `  ${s.stage}: ${s.seconds.toFixed(2)} s, units computed ${s.computed}, reused ${s.reused}`,
    );
}

async function main(): Promise<void> {
  const stack = await startStack({ port: 0 });
  const services = stack.services;
  const caller: Caller = {
    uid: 'bench-instructor',
    role: 'instructor',
    email: undefined,
    name: undefined,
  };
  try {
    for (const size of SIZES) {
      const files = Array.from({ length: size }, (_, i) => document(i));
      const bytes = files.reduce((n, f) => n + f.content.length, 0);
      const project = await services.generation.projects.create(
        caller,
        {},
        { title: `Bench ${size}` },
        { requestId: 'bench' },
      );
      await putSources(services, project.course_id, files);
      console.log(`\n${size} documents (${(bytes / 2 ** 20).toFixed(1)} MB of Markdown)`);
      print('full generation', await generate(services, caller, project.course_id));
      await putSources(services, project.course_id, [document(7, 1)]);
      print('after changing one document', await generate(services, caller, project.course_id));
    }
  } finally {
    await stack.stop();
  }
}

runMain(main, { exitWhenDone: true, stackOnError: true });
