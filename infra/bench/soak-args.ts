/**
 * `npm run bench:soak` command line: parsed with node's parseArgs (unknown flags and stray words
 * are refused) and validated with zod, so a typo stops the run with the flag named instead of
 * starting fifteen minutes of something else.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

export const SOAK_USAGE = [
  'usage: npm run bench:soak -- [--minutes M] [--learners N] [--restart-every R] [--down S]',
  '  --minutes M        minutes of traffic (default 15; up to 240)',
  '  --learners N       learners visiting at a time, each request right after the last',
  '                     (default 5, about 1,000 requests a minute here; 1 to 200)',
  '  --restart-every R  minutes between emulator restarts, in turn Pub/Sub, Storage, Tasks',
  '                     (default 3; 0 restarts nothing; fractions allowed, at least 0.25)',
  '  --down S           seconds each restarted emulator stays down (default 5; 0 to 60)',
].join('\n');

const decimal = (name: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `${name} must be a number such as 3 or 0.5`)
    .transform(Number);

const SoakArgsSchema = z.object({
  minutes: decimal('--minutes')
    .pipe(z.number().positive('--minutes must be above 0').max(240, '--minutes is at most 240'))
    .default(15),
  learners: decimal('--learners')
    .pipe(
      z
        .number()
        .int('--learners must be a whole number')
        .min(1, '--learners is at least 1')
        .max(200, '--learners is at most 200'),
    )
    .default(5),
  'restart-every': decimal('--restart-every')
    .pipe(
      z
        .number()
        .max(60, '--restart-every is at most 60')
        .refine((n) => n === 0 || n >= 0.25, '--restart-every is 0 (none) or at least 0.25'),
    )
    .default(3),
  down: decimal('--down').pipe(z.number().max(60, '--down is at most 60')).default(5),
});

export interface SoakOptions {
  minutes: number;
  learners: number;
  /** Time between the start of one restart and the next; 0 for no restarts. */
  restartEveryMs: number;
  downMs: number;
}

export type SoakArgs = { ok: true; options: SoakOptions } | { ok: false; errors: string[] };

export function parseSoakArgs(argv: readonly string[]): SoakArgs {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        minutes: { type: 'string' },
        learners: { type: 'string' },
        'restart-every': { type: 'string' },
        down: { type: 'string' },
      },
    }).values;
  } catch (error) {
    return { ok: false, errors: [error instanceof Error ? error.message : String(error)] };
  }
  const parsed = SoakArgsSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => i.message) };
  const args = parsed.data;
  return {
    ok: true,
    options: {
      minutes: args.minutes,
      learners: args.learners,
      restartEveryMs: Math.round(args['restart-every'] * 60_000),
      downMs: Math.round(args.down * 1000),
    },
  };
}
