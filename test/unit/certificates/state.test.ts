import { Timestamp } from 'firebase-admin/firestore';
import type { CertificateDoc } from '../../../shared/certificates/model';
import { certificateState, validUntilFor } from '../../../shared/certificates/state';

const at = (iso: string) => Timestamp.fromDate(new Date(iso));
type Lifecycle = Pick<CertificateDoc, 'revoked_at' | 'superseded_by' | 'valid_until'>;
const base: Lifecycle = { revoked_at: null, superseded_by: null, valid_until: null };
const now = new Date('2027-06-01T12:00:00Z');

describe('certificateState', () => {
  it('is valid with nothing set, and valid forever without valid_until', () => {
    expect(certificateState(base, now)).toBe('valid');
    expect(certificateState(base, new Date('2999-01-01T00:00:00Z'))).toBe('valid');
  });

  it('expires at valid_until exactly, not a millisecond earlier', () => {
    const doc = { ...base, valid_until: at('2027-06-01T12:00:00Z') };
    expect(certificateState(doc, new Date('2027-06-01T11:59:59.999Z'))).toBe('valid');
    expect(certificateState(doc, new Date('2027-06-01T12:00:00.000Z'))).toBe('expired');
    expect(certificateState(doc, new Date('2028-01-01T00:00:00Z'))).toBe('expired');
  });

  it('is revoked once revoked_at is set', () => {
    expect(certificateState({ ...base, revoked_at: at('2027-05-01T00:00:00Z') }, now)).toBe(
      'revoked',
    );
  });

  it('is superseded once a reissue points to its successor', () => {
    expect(certificateState({ ...base, superseded_by: 'ABCDEFGH2345' }, now)).toBe('superseded');
  });

  // Every combination of the three lifecycle facts, with the precedence the module documents.
  const cases: [boolean, boolean, boolean, string][] = [
    // revoked, superseded, past valid_until → state
    [false, false, false, 'valid'],
    [false, false, true, 'expired'],
    [false, true, false, 'superseded'],
    [false, true, true, 'superseded'],
    [true, false, false, 'revoked'],
    [true, false, true, 'revoked'],
    [true, true, false, 'revoked'],
    [true, true, true, 'revoked'],
  ];
  it.each(cases)(
    'revoked=%s superseded=%s expired=%s → %s',
    (revoked, superseded, expired, state) => {
      const doc: Lifecycle = {
        revoked_at: revoked ? at('2027-01-01T00:00:00Z') : null,
        superseded_by: superseded ? 'ABCDEFGH2345' : null,
        valid_until: at(expired ? '2027-05-31T00:00:00Z' : '2027-12-31T00:00:00Z'),
      };
      expect(certificateState(doc, now)).toBe(state);
    },
  );
});

describe('validUntilFor', () => {
  it('adds whole days to the issue instant, or nothing', () => {
    const issued = new Date('2026-11-22T10:15:00Z');
    expect(validUntilFor(issued, null)).toBeNull();
    expect(validUntilFor(issued, 1)?.toISOString()).toBe('2026-11-23T10:15:00.000Z');
    expect(validUntilFor(issued, 365)?.toISOString()).toBe('2027-11-22T10:15:00.000Z');
  });
});
