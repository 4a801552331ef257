import { Timestamp } from 'firebase-admin/firestore';
import { anonymisedObjectPath, remainingSteps } from '../../../shared/privacy/deletion-plan';
import { DELETION_STEPS } from '../../../shared/privacy/model';
import { parseSubmissionObjectPath } from '../../../shared/submissions/model';

const done = { done_at: Timestamp.fromMillis(0), count: 0 };

describe('remainingSteps', () => {
  it('runs every step on a new deletion, blocking sign-in first and deleting the Auth user last', () => {
    expect(remainingSteps(undefined)).toEqual([...DELETION_STEPS]);
    expect(DELETION_STEPS[0]).toBe('sign_in_blocked');
    expect(DELETION_STEPS[DELETION_STEPS.length - 1]).toBe('auth_user');
  });

  it('resumes after the steps a stopped run finished, in order', () => {
    expect(remainingSteps({ sign_in_blocked: done, mail: done, enrollments: done })).toEqual([
      'submissions',
      'certificates',
      'media',
      'audit',
      'learner_model',
      'profile',
      'auth_user',
    ]);
    const all = Object.fromEntries(DELETION_STEPS.map((s) => [s, done]));
    expect(remainingSteps(all)).toEqual([]);
  });
});

describe('anonymisedObjectPath', () => {
  it('names neither the account nor the file, and is no submission path (finalize skips it)', () => {
    const path = anonymisedObjectPath('anon_0123', 'AbCdEfGhIjKlMnOpQrSt', 'png');
    expect(path).toBe('anonymised/anon_0123/AbCdEfGhIjKlMnOpQrSt.png');
    expect(parseSubmissionObjectPath(path)).toBeNull();
    expect(anonymisedObjectPath('anon_0123', 'AbCdEfGhIjKlMnOpQrSt', '')).toBe(
      'anonymised/anon_0123/AbCdEfGhIjKlMnOpQrSt',
    );
  });
});
