import { mayEarnCertificate } from '../../../shared/certificates/on-progress';
import type { ProgressEvent } from '../../../shared/events';

const event = (overrides: Partial<ProgressEvent>): ProgressEvent => ({
  type: 'resource_completed',
  event_id: 'e1',
  user_id: 'u1',
  pathway_id: 'p1',
  module_id: 'm1',
  resource_id: 'r1',
  old: { status: 'in_progress' },
  new: { status: 'completed' },
  outline_version: 1,
  request_id: 'req',
  event_time: '2026-11-22T10:00:00.000Z',
  ...overrides,
});

describe('mayEarnCertificate', () => {
  it('is true for a completed pathway and for an approval (submitted → completed)', () => {
    expect(mayEarnCertificate(event({ type: 'pathway_completed', old: {}, new: {} }))).toBe(true);
    expect(mayEarnCertificate(event({ old: { status: 'submitted' } }))).toBe(true);
  });

  it('is false for everything that cannot have met the last rule', () => {
    expect(mayEarnCertificate(event({}))).toBe(false);
    expect(mayEarnCertificate(event({ type: 'module_completed' }))).toBe(false);
    expect(mayEarnCertificate(event({ type: 'resource_submitted' }))).toBe(false);
    expect(mayEarnCertificate(event({ type: 'progress_reset' }))).toBe(false);
    expect(
      mayEarnCertificate(event({ type: 'resource_reopened', old: { status: 'submitted' } })),
    ).toBe(false);
  });
});
