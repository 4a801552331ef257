import fc from 'fast-check';
import { addPart, toWrite, type Part } from '../../../shared/analytics/additive';

describe('additive documents', () => {
  it('adds numbers, merges objects key by key and writes anything else as is', () => {
    const doc = addPart<Part>(
      { n: 1, m: { a: 2, keep: 'x' }, tag: 'old', list: [1] },
      { n: 2, m: { a: 3, b: 1 }, tag: 'new', list: [2, 3], flag: true, none: null },
    );
    expect(doc).toEqual({
      n: 3,
      m: { a: 5, b: 1, keep: 'x' },
      tag: 'new',
      list: [2, 3],
      flag: true,
      none: null,
    });
  });

  it('leaves the document it adds to as it was', () => {
    const before: Part = { m: { a: 1 } };
    addPart(before, { m: { a: 1 } });
    expect(before).toEqual({ m: { a: 1 } });
  });

  it('gives the same document whatever order the parts come in', () => {
    const part = fc.record({
      n: fc.integer({ min: -5, max: 5 }),
      hours: fc.dictionary(fc.constantFrom('0', '1', '2'), fc.integer({ min: 0, max: 3 })),
      flag: fc.constant(true),
    });
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), fc.nat(), (parts, seed) => {
        const shuffled = [...parts].sort(
          (a, b) => ((a.n * 31 + seed) % 7) - ((b.n * 31 + seed) % 7),
        );
        const sum = (ps: Part[]) => ps.reduce<Part>((doc, p) => addPart(doc, p), {});
        expect(sum(shuffled)).toEqual(sum(parts));
      }),
    );
  });

  it('turns every number into an increment for a merging write, arrays included as they are', () => {
    const write = toWrite({ n: 2, m: { a: 1, s: 'x' }, list: [1, 2] }, (n) => ({ inc: n }));
    expect(write).toEqual({ n: { inc: 2 }, m: { a: { inc: 1 }, s: 'x' }, list: [1, 2] });
  });
});
