import { parseConfig } from '../../../shared/config';
import {
  crashPoint,
  faultMarker,
  FaultPoints,
  InjectedFault,
  setFaults,
} from '../../../shared/platform/faults';

/** The crash-injection seam: inert unless configured, then once per point and marked subject. */
describe('crash points', () => {
  afterEach(() => setFaults([]));

  it('does nothing when no point is configured, whatever the subject', () => {
    setFaults([]);
    for (const point of FaultPoints)
      expect(() => crashPoint(point, faultMarker(point))).not.toThrow();
  });

  it('throws once per point and subject, and only for subjects with that point’s marker', () => {
    setFaults(['relay.afterPublish']);
    const subject = `enrollment:u_${faultMarker('relay.afterPublish')}-1`;
    expect(() => crashPoint('relay.afterPublish', subject)).toThrow(InjectedFault);
    // The retry gets through.
    expect(() => crashPoint('relay.afterPublish', subject)).not.toThrow();
    expect(() => crashPoint('relay.afterPublish', `${subject}-other`)).toThrow(InjectedFault);
    expect(() => crashPoint('relay.afterPublish', 'enrollment:u_pw-1')).not.toThrow();
    expect(() =>
      crashPoint('recompute.afterBatch', `${faultMarker('relay.afterPublish')}-p`),
    ).not.toThrow();
    expect(() =>
      crashPoint('finalize.beforeTransaction', faultMarker('finalize.beforeTransaction')),
    ).not.toThrow();
  });

  it('reads PATHWISE_FAULTS: empty by default, known points only, never in a deployed service', () => {
    expect(parseConfig({ GOOGLE_CLOUD_PROJECT: 'acme' }).faults).toEqual([]);
    expect(
      parseConfig({
        GOOGLE_CLOUD_PROJECT: 'acme',
        PATHWISE_FAULTS: 'relay.afterPublish,issuance.afterPdf',
      }).faults,
    ).toEqual(['relay.afterPublish', 'issuance.afterPdf']);
    expect(() =>
      parseConfig({ GOOGLE_CLOUD_PROJECT: 'acme', PATHWISE_FAULTS: 'relay.somewhere' }),
    ).toThrow(/PATHWISE_FAULTS/);
    expect(() =>
      parseConfig({
        GOOGLE_CLOUD_PROJECT: 'acme',
        K_SERVICE: 'catalogapi',
        PATHWISE_FAULTS: 'relay.afterPublish',
      }),
    ).toThrow(/PATHWISE_FAULTS/);
  });
});
