import { parseEnrollmentId } from '../../../shared/certificates/requests';
import { EnrollmentIdParams } from '../../../shared/certificates/schemas';

describe('seed 003 enrollment ids', () => {
  it('split at the last underscore: pathway ids never contain one, uids may', () => {
    expect(parseEnrollmentId('uid_with_underscores_prompt-engineering')).toEqual({
      userId: 'uid_with_underscores',
      pathwayId: 'prompt-engineering',
    });
  });

  it('are checked before anything is read', () => {
    expect(EnrollmentIdParams.safeParse({ enrollment_id: 'abc_prompt-engineering' }).success).toBe(
      true,
    );
    for (const bad of [
      'no-underscore',
      'uid_Bad_Slug',
      'a b_slug-x',
      `${'u'.repeat(129)}_abc`,
      '_abc',
    ]) {
      expect({ bad, ok: EnrollmentIdParams.safeParse({ enrollment_id: bad }).success }).toEqual({
        bad,
        ok: false,
      });
    }
  });
});
