/**
 * Certificate rendering benchmark, no emulators (after the build:
 * `node dist/infra/bench/certificates-render.js`). Prints, per script of the learner's name: the
 * first render in the process (fonts read and parsed, code not yet optimised), then p50/p95 of
 * render time and the PDF size over varied names; the local RS256 signing time; the font
 * files the renderer can load and the process's peak memory. Figures only, no pass/fail.
 * Issuance throughput against the emulators belongs to `npm run bench:certificates`.
 */
import { readFileSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildOpenBadgeCredential, signCredential } from '../../shared/certificates/credential';
import { FONT_FACES, FontLibrary } from '../../shared/certificates/fonts';
import type { PrintedFields } from '../../shared/certificates/model';
import { renderCertificatePdf } from '../../shared/certificates/pdf';
import { LocalJwsSigner } from '../../shared/certificates/signers';
import { quantile } from './common';

const SAMPLES = 60;

const GIVEN = {
  latin: ['Zoë', 'Łukasz', 'Ana María', 'Jürgen', 'Siobhán', 'Nguyễn Văn'],
  cyrillic: ['Иван', 'Мария', 'Олександр', 'Светлана', 'Дмитрий', 'Анна'],
  chinese: ['李雷', '韩梅梅', '王芳', '张伟', '刘洋', '陈静'],
  korean: ['김민준', '이서연', '박지훈', '최수아', '정하준', '강지유'],
};
const FAMILY = {
  latin: ['Łukasiewicz', 'García López', 'Müller', 'Ó Súilleabháin', 'Okonkwo', 'Thị Minh'],
  cyrillic: ['Петров', 'Иванова', 'Шевченко', 'Кузнецова', 'Смирнов', 'Попова'],
  chinese: ['明', '华', '强', '丽', '军', '平'],
  korean: ['민', '서', '준', '연', '우', '진'],
};
const LONG =
  'Maria-Alexandra Konstantinopoulou-Wolfeschlegelsteinhausenbergerdorff de la Santísima Trinidad Ευαγγελία Παπαδοπούλου 李雷 김민준';

function names(script: keyof typeof GIVEN | 'long'): string[] {
  if (script === 'long') return Array.from({ length: SAMPLES }, (_, i) => `${LONG} ${i + 1}`);
  const given = GIVEN[script];
  const family = FAMILY[script];
  return Array.from({ length: SAMPLES }, (_, i) => {
    const g = given[i % given.length] as string;
    const f = family[Math.floor(i / given.length) % family.length] as string;
    return script === 'chinese' || script === 'korean' ? `${g}${f}` : `${g} ${f}`;
  });
}

const baseFields: PrintedFields = {
  certificate_id: '7K3QX9M2R4TB',
  learner_name: '',
  pathway_id: 'foundations-image-gen',
  pathway_title: 'Foundations of Image Generation',
  completion_date: '2026-11-22',
  duration_minutes: 270,
  difficulty: 'intermediate',
  instructor_line: 'Instructor: Ada Lovelace',
  issuer_name: 'Pathwise',
  verification_url: 'https://pathwise.example/verify/7K3QX9M2R4TB',
};

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const fonts = new FontLibrary();
  const signer = await LocalJwsSigner.generate();
  const issuedAt = new Date('2026-11-22T10:00:00Z');

  const signTimes: number[] = [];
  const render = async (learnerName: string) => {
    const fields = { ...baseFields, learner_name: learnerName };
    const credential = buildOpenBadgeCredential({
      fields,
      issuer: {
        id: 'https://pathwise.example/issuer',
        name: 'Pathwise',
        url: 'https://pathwise.example',
      },
      subjectId: 'urn:pathwise:learner:bench',
      achievementId: 'https://pathwise.example/pathways/foundations-image-gen/achievement',
      criteria: '- Completed every required resource of the pathway.',
      issuedAt,
      validUntil: null,
    });
    const s0 = performance.now();
    const { jws } = await signCredential(credential, signer);
    signTimes.push(performance.now() - s0);
    const t0 = performance.now();
    const pdf = await renderCertificatePdf(
      { fields, issuedAt, validUntil: null, credentialJws: jws },
      fonts,
    );
    return { ms: performance.now() - t0, bytes: pdf.bytes.byteLength };
  };

  console.log('Certificate PDF rendering (A4 landscape, subset fonts, QR, credential attached)');
  const coldLatin = await render('Zoë Łukasiewicz');
  console.log(`  first render in the process, Latin name: ${fmt(coldLatin.ms)}`);
  const coldCjk = await render('李雷');
  console.log(`  first render needing the CJK face:       ${fmt(coldCjk.ms)}`);

  for (const script of ['latin', 'cyrillic', 'chinese', 'korean', 'long'] as const) {
    const times: number[] = [];
    const sizes: number[] = [];
    for (const name of names(script)) {
      const { ms, bytes } = await render(name);
      times.push(ms);
      sizes.push(bytes);
    }
    times.sort((a, b) => a - b);
    sizes.sort((a, b) => a - b);
    console.log(
      `  ${script.padEnd(8)} ${SAMPLES} names: p50 ${fmt(quantile(times, 0.5))}, p95 ${fmt(quantile(times, 0.95))}, PDF ${kb(sizes[0] as number)}–${kb(sizes[sizes.length - 1] as number)}`,
    );
  }
  const sorted = [...signTimes].sort((a, b) => a - b);
  console.log(`  credential signing (local RS256): p50 ${fmt(quantile(sorted, 0.5))}`);

  console.log('Fonts the renderer may load (read only when a text needs them):');
  for (const face of FONT_FACES) {
    const sizes = Object.entries(face.files).map(
      ([style, file]) => `${style} ${kb(statSync(file).size)}`,
    );
    console.log(`  ${face.id.padEnd(13)} ${sizes.join(', ')}`);
  }
  const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  console.log(`Peak resident memory: ${peak ? `${(Number(peak) / 1024).toFixed(0)} MB` : 'n/a'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
