import { lossCause } from '../../../../infra/bench/soak-tally';

describe('lossCause', () => {
  it('an event Pub/Sub never accepted is still waiting in the outbox', () => {
    expect(lossCause([], [1_000])).toBe('never accepted by Pub/Sub');
  });

  it('an event accepted only before a Pub/Sub kill went down with the emulator', () => {
    expect(lossCause([500], [1_000])).toBe('held by a killed Pub/Sub');
    expect(lossCause([500, 800], [100, 1_000])).toBe('held by a killed Pub/Sub');
  });

  it('an event accepted after the last kill has no excuse', () => {
    expect(lossCause([500, 1_500], [1_000])).toBe('unexplained');
    expect(lossCause([500], [])).toBe('unexplained');
  });
});
