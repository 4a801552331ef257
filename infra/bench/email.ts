/**
 * Email benchmark (`npm run bench:email`): how long rendering and composing a `mail/` document
 * take per template, how large the documents are, and how fast the local deliverer's sender
 * gets messages into the local SMTP sink over loopback. Figures only, no pass/fail.
 */
import { performance } from 'node:perf_hooks';
import { composeMail } from '../../shared/email/documents';
import { MAIL_CATEGORIES } from '../../shared/email/model';
import { renderEmail } from '../../shared/email/render';
import { TEMPLATE_NAMES, templates } from '../../shared/email/templates/index';
import { contextFor, samples } from '../../test/helpers/email-samples';
import { settings } from '../../test/helpers/email-settings';
import { startMailSink } from '../local/mail-sink';
import { MailSender } from '../local/mail-sink/sender';
import { quantile } from './common';

const RENDERS = 2000;
const SENDS = 300;

function timeEach(runs: number, fn: () => void): number[] {
  const samplesMs: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    fn();
    samplesMs.push(performance.now() - start);
  }
  return samplesMs.sort((a, b) => a - b);
}

const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;

async function main(): Promise<void> {
  console.log(`Rendering (${RENDERS} runs each, after 200 warm-up runs)`);
  console.log('template                  render p50  render p99  compose p50  document bytes');
  for (const name of TEMPLATE_NAMES) {
    const transactional = MAIL_CATEGORIES[templates[name].category].transactional;
    const render = () => renderEmail(name, samples[name] as never, contextFor(transactional));
    const compose = () =>
      composeMail({
        template: name,
        data: samples[name] as never,
        recipient: { uid: 'uid-bench', email: 'bench@example.com' },
        entity: { collection: 'users', id: 'uid-bench' },
        period: null,
        settings,
        now: new Date(),
      });
    timeEach(200, render);
    const renders = timeEach(RENDERS, render);
    const composes = timeEach(RENDERS, compose);
    const bytes = Buffer.byteLength(JSON.stringify(compose().document));
    console.log(
      `${name.padEnd(24)}  ${us(quantile(renders, 0.5)).padStart(10)}  ${us(quantile(renders, 0.99)).padStart(10)}  ${us(quantile(composes, 0.5)).padStart(11)}  ${String(bytes).padStart(14)}`,
    );
  }

  const sink = await startMailSink();
  const sender = MailSender.smtp(sink.smtp, { from: 'Pathwise <no-reply@pathwise.example>' });
  const { document } = composeMail({
    template: 'weekly_progress',
    data: samples.weekly_progress,
    recipient: { uid: 'uid-bench', email: 'bench@example.com' },
    entity: { collection: 'users', id: 'uid-bench' },
    period: '2025-W10',
    settings,
    now: new Date(),
  });
  const sends: number[] = [];
  const send = async () => {
    const t = performance.now();
    const result = await sender.send(document);
    if (!result.ok) throw new Error(result.error);
    sends.push(performance.now() - t);
  };
  for (const concurrency of [1, 10]) {
    sink.clear();
    sends.length = 0;
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < SENDS) {
          next += 1;
          await send();
        }
      }),
    );
    const elapsed = performance.now() - started;
    await sink.waitFor(() => sink.messages().length >= SENDS, 10_000);
    sends.sort((a, b) => a - b);
    console.log(
      `\nLocal sink: ${SENDS} weekly reports, ${concurrency} at a time, one SMTP connection each (as the extension's transport opens them)`,
    );
    console.log(
      `  ${(SENDS / (elapsed / 1000)).toFixed(0)} messages/s; per send p50 ${quantile(sends, 0.5).toFixed(1)} ms, p99 ${quantile(sends, 0.99).toFixed(1)} ms; ${sink.messages().length} stored`,
    );
  }
  console.log(
    '  (smtp-server holds every greeting 100 ms to catch clients that talk too early, which bounds one connection at a time to about 9/s.)',
  );
  sender.close();
  await sink.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
