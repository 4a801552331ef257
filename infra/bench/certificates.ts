/**
 * npm run bench:certificates — runs inside the emulators and prints:
 *  - PDF render time p50/p95 (credential signed with RS256, fonts subset, QR drawn) and PDF size,
 *    over names in Latin, Cyrillic, Chinese and Korean script, fonts already loaded;
 *  - issuance throughput on request: learners whose enrollments are complete ask for their
 *    certificate through the API, 8 at a time (certificates/s, and request latency p50/p95);
 *  - issuance throughput from events: learners complete their last resource through the API and
 *    the `issueCertificates` function issues from `pathway_completed` (certificates/s from the
 *    first completion to the last certificate stored).
 * Figures only: nothing here asserts on time.
 */
import { performance } from 'node:perf_hooks';
import { CertificateRenderer } from '../../shared/certificates/artifacts';
import { FontLibrary } from '../../shared/certificates/fonts';
import { achievementId, issuerProfile, learnerSubjectId } from '../../shared/certificates/issuer';
import { localCredentialKeys } from '../../shared/certificates/keys';
import { CertificateCollections } from '../../shared/certificates/model';
import { printedFields } from '../../shared/certificates/printed';
import { LocalJwsSigner } from '../../shared/certificates/signers';
import { ProgressCollections } from '../../shared/progress/model';
import { runMain } from '../cli';
import { startStack } from '../local/stack';
import { learner, quantile } from './common';

const RENDER_SAMPLES = 120;
const LEARNERS = 96;
const CONCURRENCY = 8;
const EVENT_DEADLINE_MS = 300_000;

const NAMES = [
  'Zoë Łukasiewicz',
  'Siobhán Ó Súilleabháin',
  'Иван Петров',
  'Олександр Шевченко',
  '李雷',
  '韩梅梅',
  '김민준',
  '이서연',
];

const ms = (value: number) => `${value.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

async function renderFigures(): Promise<void> {
  const settings = { publicBaseUrl: 'https://learn.example', issuerName: 'Pathwise' };
  const renderer = new CertificateRenderer(
    new FontLibrary(),
    localCredentialKeys(() => LocalJwsSigner.generate()),
  );
  const pathway = {
    title: 'Foundations of Image Generation',
    difficulty: 'intermediate' as const,
    outline: { modules: [] },
  };
  const render = (i: number) =>
    renderer.render({
      fields: printedFields({
        certificateId: `7K3QX9M2R${String(i % 1000).padStart(3, '0')}`,
        learnerName: NAMES[i % NAMES.length] as string,
        pathwayId: 'foundations-image-gen',
        pathway,
        instructorName: 'Ada Lovelace',
        completedAt: new Date(),
        settings,
      }),
      issuedAt: new Date(Math.floor(Date.now() / 1000) * 1000),
      validUntil: null,
      issuer: issuerProfile(settings),
      subjectId: learnerSubjectId(`bench-${i}`),
      achievementId: achievementId('foundations-image-gen'),
      criteria: '- Completed every required resource of the pathway.',
    });
  // Every face once, so the samples measure rendering, not reading fonts from disk.
  for (let i = 0; i < NAMES.length; i += 1) await render(i);
  const times: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < RENDER_SAMPLES; i += 1) {
    const started = performance.now();
    const artifact = await render(i);
    times.push(performance.now() - started);
    sizes.push(artifact.bytes.byteLength);
  }
  const t = sorted(times);
  const s = sorted(sizes);
  console.log(`PDF rendering, ${RENDER_SAMPLES} certificates (names in 4 scripts, signed, QR):`);
  console.log(`  render time p50 ${ms(quantile(t, 0.5))}, p95 ${ms(quantile(t, 0.95))}`);
  console.log(
    `  PDF size p50 ${kb(quantile(s, 0.5))}, min ${kb(s[0] as number)}, max ${kb(s[s.length - 1] as number)}`,
  );
}

/** Runs `work` over `items`, `limit` at a time. */
async function pooled<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

async function main(): Promise<void> {
  process.env.PATHWISE_LOG_LEVEL ??= 'WARNING';
  await renderFigures();
  const stack = await startStack({ port: 0 });
  const { auth, firestore } = stack.services.clients;
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status}`);
    return answer;
  };
  try {
    const owner = await learner(auth, 'Ada Lovelace', 'instructor');
    const pathwayId = `bench-certs-${Date.now()}`;
    await call(owner.token, 'POST', '/api/v1/pathways', { id: pathwayId, title: 'Bench pathway' });
    const moduleId = `${pathwayId}-m1`;
    await call(owner.token, 'POST', `/api/v1/pathways/${pathwayId}/modules`, {
      id: moduleId,
      title: 'Only module',
    });
    const resources = ['r1', 'r2'].map((r) => `${moduleId}-${r}`);
    for (const id of resources) {
      await call(owner.token, 'POST', `/api/v1/modules/${moduleId}/resources`, {
        id,
        type: 'article',
        title: id,
        duration_minutes: 30,
      });
    }
    await call(owner.token, 'POST', `/api/v1/pathways/${pathwayId}/publish`);
    const people = await Promise.all(
      Array.from({ length: 2 * LEARNERS }, (_, i) =>
        learner(auth, NAMES[i % NAMES.length] as string),
      ),
    );
    const onRequest = people.slice(0, LEARNERS);
    const onEvent = people.slice(LEARNERS);

    // On request: enrolled learners ask for the certificate of a pathway whose rules were
    // switched to need nothing they have not done (so no event issues it first).
    await call(owner.token, 'PUT', `/api/v1/pathways/${pathwayId}/certificate-rules`, {
      all_required_resources: false,
      all_quizzes_passed: false,
      min_average_quiz_score: 0,
    });
    await pooled(onRequest, CONCURRENCY, async (p) => {
      await call(p.token, 'POST', `/api/v1/pathways/${pathwayId}/enroll`);
    });
    const latencies: number[] = [];
    const started = performance.now();
    await pooled(onRequest, CONCURRENCY, async (p) => {
      const t0 = performance.now();
      await call(p.token, 'POST', `/api/v1/users/me/pathways/${pathwayId}/certificate`);
      latencies.push(performance.now() - t0);
    });
    const requestSeconds = (performance.now() - started) / 1000;
    const l = sorted(latencies);
    console.log(`Issuance on request, ${LEARNERS} learners, ${CONCURRENCY} at a time:`);
    console.log(
      `  ${(LEARNERS / requestSeconds).toFixed(1)} certificates/s; request p50 ${ms(quantile(l, 0.5))}, p95 ${ms(quantile(l, 0.95))}`,
    );

    // From events: the default rules again; the last completion publishes pathway_completed.
    await call(owner.token, 'PUT', `/api/v1/pathways/${pathwayId}/certificate-rules`, {});
    await pooled(onEvent, CONCURRENCY, async (p) => {
      await call(p.token, 'POST', `/api/v1/users/me/resources/${resources[0]}/complete`);
    });
    const before = performance.now();
    await pooled(onEvent, CONCURRENCY, async (p) => {
      await call(p.token, 'POST', `/api/v1/users/me/resources/${resources[1]}/complete`);
    });
    const certificates = firestore
      .collection(CertificateCollections.certificates)
      .where('pathway_id', '==', pathwayId);
    // A function that stopped issuing would otherwise leave the benchmark waiting forever.
    const deadline = Date.now() + EVENT_DEADLINE_MS;
    for (;;) {
      const count = (await certificates.count().get()).data().count;
      if (count >= 2 * LEARNERS) break;
      if (Date.now() > deadline) {
        throw new Error(
          `Only ${count} of ${2 * LEARNERS} certificates after ${EVENT_DEADLINE_MS} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const eventSeconds = (performance.now() - before) / 1000;
    const enrollments = await firestore
      .collection(ProgressCollections.enrollments)
      .where('pathway_id', '==', pathwayId)
      .where('certificate.status', '==', 'issued')
      .count()
      .get();
    console.log(`Issuance from pathway_completed events, ${LEARNERS} learners:`);
    console.log(
      `  ${(LEARNERS / eventSeconds).toFixed(1)} certificates/s (completion requests ${CONCURRENCY} at a time, push delivery); ${enrollments.data().count} enrollments hold an issued certificate`,
    );
  } finally {
    await stack.stop();
  }
}

runMain(main, { exitWhenDone: true, stackOnError: true });
