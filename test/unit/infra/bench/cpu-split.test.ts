import { cpuSplit, ownersOf, type CpuProfile } from '../../../../infra/bench/cpu-split';

const frame = (url: string, functionName = 'f') => ({ url, functionName });

/**
 * root → emulator handler → node:internal stream write (runs on the emulator's behalf)
 *      → firestore client → pathwise repository (calls back into our code)
 *      → (garbage collector), (idle)
 */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('', '(root)'), children: [2, 4, 6, 7] },
    {
      id: 2,
      callFrame: frame('file:///w/dist/infra/local/storage-emulator/xml-api.js'),
      children: [3],
    },
    { id: 3, callFrame: frame('node:internal/streams/writable') },
    {
      id: 4,
      callFrame: frame('file:///w/node_modules/@google-cloud/firestore/build/src/index.js'),
      children: [5],
    },
    { id: 5, callFrame: frame('file:///w/dist/shared/submissions/repository.js') },
    { id: 6, callFrame: frame('', '(garbage collector)') },
    { id: 7, callFrame: frame('', '(idle)') },
  ],
  startTime: 1_000_000,
  // Samples at 1000, 1001, 1003, 1006, 1010, 1015 ms (profile clock).
  samples: [3, 4, 5, 6, 7, 2],
  timeDeltas: [0, 1000, 2000, 3000, 4000, 5000],
};

describe('ownersOf', () => {
  it("charges Node's internals to the nearest owned caller, and our code to us", () => {
    const owners = ownersOf(profile);
    expect(owners.get(3)).toBe('Storage emulator');
    expect(owners.get(4)).toBe('Firestore client');
    expect(owners.get(5)).toBe('Pathwise code');
    expect(owners.get(6)).toBe('GC');
    expect(owners.get(7)).toBe('idle');
    expect(owners.get(1)).toBe('Node internals');
  });

  it("names Node's work that no one's code called by its module", () => {
    const owners = ownersOf({
      nodes: [
        { id: 1, callFrame: frame('', '(root)'), children: [2] },
        { id: 2, callFrame: frame('node:internal/child_process', 'spawn'), children: [3] },
        { id: 3, callFrame: frame('', 'nativeSpawn') },
      ],
      startTime: 0,
    });
    expect(owners.get(2)).toBe('Node internal/child_process');
    expect(owners.get(3)).toBe('Node internal/child_process');
  });
});

describe('cpuSplit', () => {
  it('charges each sample until the next one, clipped to the windows, on the bench clock', () => {
    // The bench's clock is 1000 ms behind the profile's.
    expect(cpuSplit(profile, -1000, [{ start: 0, end: 20 }])).toEqual({
      'Storage emulator': 1,
      'Firestore client': 2,
      'Pathwise code': 3,
      GC: 4,
      idle: 5,
    });
    expect(
      cpuSplit(profile, -1000, [
        { start: 0.5, end: 1 },
        { start: 5, end: 7 },
      ]),
    ).toEqual({ 'Storage emulator': 0.5, 'Pathwise code': 1, GC: 1 });
  });

  it('is empty for a window without samples', () => {
    expect(cpuSplit(profile, -1000, [{ start: 100, end: 200 }])).toEqual({});
  });
});
