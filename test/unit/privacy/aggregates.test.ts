import { Timestamp } from 'firebase-admin/firestore';
import { contributionOf } from '../../../shared/privacy/aggregates';
import { emptyResourceState, type EnrollmentDoc } from '../../../shared/progress/model';

const now = Timestamp.fromMillis(1_700_000_000_000);

function enrollment(overrides: Partial<EnrollmentDoc>): EnrollmentDoc {
  return {
    user_id: 'u',
    pathway_id: 'p',
    enrolled_at: now,
    started_at: now,
    last_accessed_at: now,
    outline_version: 1,
    revision: 1,
    resources: {},
    modules: {},
    pathway: {
      pathway_progress: 0,
      required_done: 0,
      required_total: 3,
      completed_modules: 0,
      total_modules: 1,
      total_time_spent_minutes: 0,
      completed_at: null,
      completed_on_version: null,
    },
    resume: null,
    resets: [],
    updated_at: now,
    ...overrides,
  };
}

describe('contributionOf', () => {
  it('counts an enrollment, its done resources, time, attempts and certificate, nothing else', () => {
    const quiz = {
      ...emptyResourceState(now),
      status: 'completed' as const,
      quiz: { attempts: 2 } as never,
    };
    const result = contributionOf(
      enrollment({
        resources: {
          video: { ...emptyResourceState(now), status: 'completed' },
          quiz,
          exercise: { ...emptyResourceState(now), status: 'submitted' },
          reading: { ...emptyResourceState(now), status: 'in_progress' },
        },
        // A reset cleared the quiz state once: the history still counts every attempt.
        quiz_history: {
          quiz: { attempts: 5, last_attempt_id: 'x', last_fingerprint: 'f', last_attempt_at: now },
          gone: { attempts: 1, last_attempt_id: 'y', last_fingerprint: 'g', last_attempt_at: now },
        },
        pathway: { ...enrollment({}).pathway, total_time_spent_minutes: 42, completed_at: now },
        certificate: {
          certificate_id: 'c',
          status: 'issued',
          attempt: 1,
          lease_until: null,
          issued_at: now,
          verification_url: 'https://x/verify/c',
        },
      }),
    );
    expect(result).toEqual({
      enrollments: 1,
      completed_enrollments: 1,
      resources_completed: 3,
      time_spent_minutes: 42,
      quiz_attempts: 6,
      certificates_issued: 1,
    });
    expect(JSON.stringify(result)).not.toContain('"u"');
  });

  it('counts an untouched enrollment as one enrolment and nothing more', () => {
    expect(contributionOf(enrollment({}))).toEqual({
      enrollments: 1,
      completed_enrollments: 0,
      resources_completed: 0,
      time_spent_minutes: 0,
      quiz_attempts: 0,
      certificates_issued: 0,
    });
  });
});
