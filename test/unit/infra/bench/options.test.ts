import { numberOption } from '../../../../infra/bench/common';

describe('numberOption', () => {
  it('reads a flag in either form, and falls back when it is absent', () => {
    expect(numberOption('runs', 20, ['node', 'bench', '--runs=5'])).toBe(5);
    expect(numberOption('runs', 20, ['node', 'bench', '--runs', '7', '--budget=100'])).toBe(7);
    expect(numberOption('runs', 20, ['node', 'bench', '--runsx=3'])).toBe(20);
  });

  it.each([['--runs=0'], ['--runs=2.5'], ['--runs=many'], ['--runs']])('refuses %s', (flag) => {
    expect(() => numberOption('runs', 20, ['node', 'bench', flag])).toThrow(
      '--runs takes a positive integer',
    );
  });
});
