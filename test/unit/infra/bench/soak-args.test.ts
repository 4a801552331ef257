import { parseSoakArgs } from '../../../../infra/bench/soak-args';

describe('parseSoakArgs', () => {
  it('defaults to 15 minutes, 5 learners, a restart every 3 minutes with 5 s down', () => {
    expect(parseSoakArgs([])).toEqual({
      ok: true,
      options: { minutes: 15, learners: 5, restartEveryMs: 180_000, downMs: 5_000 },
    });
  });

  it('reads every flag, in either form, fractions of a minute included', () => {
    expect(
      parseSoakArgs(['--minutes', '3', '--learners=8', '--restart-every', '0.5', '--down', '2.5']),
    ).toEqual({
      ok: true,
      options: { minutes: 3, learners: 8, restartEveryMs: 30_000, downMs: 2_500 },
    });
    expect(parseSoakArgs(['--restart-every', '0'])).toMatchObject({
      ok: true,
      options: { restartEveryMs: 0 },
    });
  });

  it.each([
    [['--minutes', 'ten'], '--minutes must be a number such as 3 or 0.5'],
    [['--minutes', '0'], '--minutes must be above 0'],
    [['--learners', '2.5'], '--learners must be a whole number'],
    [['--learners', '500'], '--learners is at most 200'],
    [['--restart-every', '0.1'], '--restart-every is 0 (none) or at least 0.25'],
    [['--down', '90'], '--down is at most 60'],
  ])('refuses %j: %s', (argv, message) => {
    expect(parseSoakArgs(argv)).toEqual({ ok: false, errors: [message] });
  });

  it('refuses unknown flags and stray words (the old positional form too)', () => {
    const unknown = parseSoakArgs(['--minuets', '3']);
    expect(unknown.ok).toBe(false);
    expect(JSON.stringify(unknown)).toContain('--minuets');
    expect(parseSoakArgs(['15', '20']).ok).toBe(false);
    expect(parseSoakArgs(['--minutes']).ok).toBe(false);
    // parseArgs takes `-2` for a flag of its own: refused either way, the flag named.
    const negative = parseSoakArgs(['--minutes', '-2']);
    expect(negative.ok).toBe(false);
    expect(JSON.stringify(negative)).toContain('--minutes');
  });

  it('names every bad flag at once', () => {
    expect(parseSoakArgs(['--minutes', 'x', '--down', '99'])).toEqual({
      ok: false,
      errors: ['--minutes must be a number such as 3 or 0.5', '--down is at most 60'],
    });
  });
});
