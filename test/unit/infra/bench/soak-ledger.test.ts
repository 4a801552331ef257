import { expectedStream } from '../../../../infra/bench/soak-ledger';
import { learnerEvent } from '../../../../shared/learner/events';
import { Topics } from '../../../../shared/triggers';

const progressEvent = (type: string, old: Record<string, unknown> = {}) => ({
  type,
  event_id: `progress:${type}`,
  user_id: 'u1',
  pathway_id: 'p1',
  module_id: 'm1',
  resource_id: type.startsWith('resource_') ? 'm1-r1' : null,
  old,
  new: {},
  outline_version: 1,
  request_id: 'r',
  event_time: '2026-11-23T20:00:00.000Z',
});

describe('expectedStream', () => {
  it('a progress event expects the stream entry its consumer derives, under its deterministic id', () => {
    const expected = expectedStream(Topics.progressEvents, progressEvent('resource_completed'));
    const entry = learnerEvent({
      user_id: 'u1',
      occurred_at: '2026-11-23T20:00:00.000Z',
      source: { type: 'progress_event', id: 'progress:resource_completed' },
      kind: 'completed',
      data: { scope: 'resource', pathway_id: 'p1', module_id: 'm1', resource_id: 'm1-r1' },
    });
    expect(expected).toEqual([{ uid: 'u1', id: entry.id }]);
  });

  it('a progress event the learner model does not record expects nothing', () => {
    expect(
      expectedStream(
        Topics.progressEvents,
        progressEvent('resource_reopened', { status: 'in_progress' }),
      ),
    ).toEqual([]);
  });

  it('a learner event expects itself in its learner stream', () => {
    expect(
      expectedStream(Topics.learnerEvents, { user_id: 'u2', id: 'e-1', kind: 'viewed' }),
    ).toEqual([{ uid: 'u2', id: 'e-1' }]);
  });
});
