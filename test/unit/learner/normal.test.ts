import { erfc, normalCdf, normalPdf } from '../../../shared/learner/normal';

describe('normal distribution', () => {
  it('matches reference values of Φ', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 6);
  });

  it('stays accurate relative to the value deep in the tails', () => {
    // Φ(−8) = 6.22096057e−16, Φ(−5) = 2.86651572e−7 (Abramowitz & Stegun, table 26.1).
    expect(normalCdf(-8) / 6.22096057e-16).toBeCloseTo(1, 5);
    expect(normalCdf(-5) / 2.86651572e-7).toBeCloseTo(1, 5);
    expect(erfc(-3) + erfc(3)).toBeCloseTo(2, 12);
  });

  it('has the standard density', () => {
    expect(normalPdf(0)).toBeCloseTo(0.39894228, 8);
    expect(normalPdf(2)).toBeCloseTo(normalPdf(-2), 15);
  });
});
