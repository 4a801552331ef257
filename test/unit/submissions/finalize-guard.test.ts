import { finalizeGuard } from '../../../shared/submissions/finalize-guard';

describe('the finalize guard', () => {
  const bucket = 'demo-submissions';
  const name = `pathways/p/users/u/resources/r/20261122T020304Z_${'B'.repeat(20)}_file.pdf`;

  it('handles submission objects in the submissions bucket', () => {
    expect(finalizeGuard({ bucket, name }, bucket)).toEqual({
      handle: 'submission',
      submissionId: 'B'.repeat(20),
    });
  });

  it('checks reviewers’ feedback files too', () => {
    expect(finalizeGuard({ bucket, name: `feedback/${'C'.repeat(20)}/x.pdf` }, bucket)).toEqual({
      handle: 'feedback',
      submissionId: 'C'.repeat(20),
    });
  });

  it.each([
    [{ bucket: 'other', name }, 'bucket other is not the submissions bucket'],
    [{ bucket, name: `quarantine/${name}` }, 'quarantined object'],
    [{ bucket, name: 'feedback/not-an-id/x.pdf' }, 'not a feedback object path'],
    [{ bucket, name: 'avatars/u.png' }, 'not a submission object path'],
  ])('skips %o and says why', (object, reason) => {
    expect(finalizeGuard(object, bucket)).toEqual({ handle: false, reason });
  });
});
