import { memoryNeededMiB, sizeProblems } from '../../../infra/resources';

describe('instance sizes Cloud Run accepts', () => {
  it('refuses concurrency above 1 below a whole vCPU (what the server rejected)', () => {
    // 256 MiB on Cloud Run functions' default share of 0.167 vCPU, serving 80 at once.
    expect(sizeProblems({ memory: '256Mi', cpu: 0.167, concurrency: 80 })).toEqual([
      'concurrency 80 needs at least 1 vCPU (cpu is 0.167)',
      'concurrency 80 needs at least 512Mi, not 256Mi',
    ]);
    expect(sizeProblems({ memory: '512Mi', cpu: 0.583, concurrency: 2 })).toEqual([
      'concurrency 2 needs at least 1 vCPU (cpu is 0.583)',
    ]);
  });

  it('accepts concurrency with a whole vCPU and memory for it, and one request on a fraction', () => {
    expect(sizeProblems({ memory: '512Mi', cpu: 1, concurrency: 80 })).toEqual([]);
    expect(sizeProblems({ memory: '256Mi', cpu: 0.167, concurrency: 1 })).toEqual([]);
    expect(sizeProblems({ memory: '1Gi', cpu: 0.583, concurrency: 1 })).toEqual([]);
  });

  it('applies the memory limits of fractional and whole vCPUs', () => {
    expect(sizeProblems({ memory: '1Gi', cpu: 0.333, concurrency: 1 })).toEqual([
      'more than 512Mi needs at least 0.5 vCPU',
    ]);
    expect(sizeProblems({ memory: '2Gi', cpu: 0.583, concurrency: 1 })).toEqual([
      'more than 1Gi needs at least 1 vCPU',
    ]);
    expect(sizeProblems({ memory: '1Gi', cpu: 4, concurrency: 1 })).toEqual([
      '4 vCPU allows 2048Mi to 16384Mi, not 1Gi',
    ]);
  });

  it('refuses CPU values Cloud Run does not offer', () => {
    expect(sizeProblems({ memory: '512Mi', cpu: 3, concurrency: 1 })).toEqual([
      'cpu 3 above 1 must be 2, 4, 6 or 8',
    ]);
    expect(sizeProblems({ memory: '256Mi', cpu: 0.05, concurrency: 1 })).toEqual([
      'cpu 0.05 is not a fraction from 0.08 to 1 in steps of 0.001',
    ]);
    expect(sizeProblems({ memory: '256Mi', cpu: 0.1234, concurrency: 1 })).toHaveLength(1);
    expect(sizeProblems({ memory: '256Mi', cpu: 1, concurrency: 0 })).toContain(
      'concurrency 0 is not a whole number from 1 to 1000',
    );
  });

  it('sizes memory for the requests an instance serves at once', () => {
    expect(memoryNeededMiB(1)).toBeLessThanOrEqual(256);
    expect(memoryNeededMiB(80)).toBeGreaterThan(256);
    expect(memoryNeededMiB(80)).toBeLessThanOrEqual(512);
    expect(memoryNeededMiB(200)).toBeGreaterThan(512);
    expect(sizeProblems({ memory: '512Mi', cpu: 1, concurrency: 200 })).toEqual([
      'concurrency 200 needs at least 992Mi, not 512Mi',
    ]);
  });
});
