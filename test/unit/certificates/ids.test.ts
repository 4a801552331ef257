import {
  CERTIFICATE_ID_LENGTH,
  CROCKFORD_ALPHABET,
  groupCertificateId,
  isCertificateId,
  newCertificateId,
  normalizeCertificateId,
} from '../../../shared/certificates/ids';
import { CertificateIdSchema } from '../../../shared/certificates/schemas';

describe('newCertificateId', () => {
  it('is 12 characters of Crockford base32, without I, L, O or U', () => {
    for (let i = 0; i < 500; i += 1) {
      const id = newCertificateId();
      expect(id).toHaveLength(CERTIFICATE_ID_LENGTH);
      expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
      expect(isCertificateId(id)).toBe(true);
    }
  });

  it('maps each random byte to one symbol through its low five bits', () => {
    const bytes = Uint8Array.from([0, 1, 31, 32, 33, 255, 10, 18, 20, 27, 64, 96]);
    expect(newCertificateId(() => bytes)).toBe('01Z01ZAJMV00');
  });

  it('uses the whole alphabet and does not repeat across many draws', () => {
    const ids = new Set<string>();
    const symbols = new Set<string>();
    for (let i = 0; i < 2000; i += 1) {
      const id = newCertificateId();
      ids.add(id);
      for (const c of id) symbols.add(c);
    }
    expect(ids.size).toBe(2000);
    expect([...symbols].sort().join('')).toBe([...CROCKFORD_ALPHABET].sort().join(''));
  });
});

describe('normalizeCertificateId', () => {
  it('accepts what people type: lowercase, hyphens, spaces, I/L for 1 and O for 0', () => {
    expect(normalizeCertificateId('7k3q-x9m2-r4tb')).toBe('7K3QX9M2R4TB');
    expect(normalizeCertificateId(' 7K3Q X9M2 R4TB ')).toBe('7K3QX9M2R4TB');
    expect(normalizeCertificateId('IL0O-1111-0000')).toBe('110011110000');
    expect(normalizeCertificateId('il0o11110000')).toBe('110011110000');
  });

  it('rejects wrong lengths and characters outside the alphabet', () => {
    expect(normalizeCertificateId('7K3QX9M2R4T')).toBeNull();
    expect(normalizeCertificateId('7K3QX9M2R4TBB')).toBeNull();
    expect(normalizeCertificateId('7K3QX9M2R4TU')).toBeNull();
    expect(normalizeCertificateId('7K3QX9M2R4T!')).toBeNull();
    expect(normalizeCertificateId('7K3QX9M2R4T/')).toBeNull();
    expect(normalizeCertificateId('')).toBeNull();
  });

  it('round-trips the grouped form it prints', () => {
    const id = newCertificateId();
    expect(groupCertificateId(id)).toMatch(/^.{4}-.{4}-.{4}$/);
    expect(normalizeCertificateId(groupCertificateId(id).toLowerCase())).toBe(id);
  });
});

describe('CertificateIdSchema', () => {
  it('normalises a path parameter and explains a bad one', () => {
    expect(CertificateIdSchema.parse('7k3q-x9m2-r4tb')).toBe('7K3QX9M2R4TB');
    const result = CertificateIdSchema.safeParse('not-an-id');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/12 characters of 0-9 and A-Z/);
  });
});
