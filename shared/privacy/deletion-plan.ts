import { DELETION_STEPS, type DeletionDoc, type DeletionStep } from './model';

/** The steps a deletion still has to run, in order: a re-run picks up where one stopped. */
export function remainingSteps(steps: DeletionDoc['steps'] | undefined): DeletionStep[] {
  return DELETION_STEPS.filter((step) => steps?.[step] === undefined);
}

/** A deleted learner's certificate: nobody's name, no signed credential, revoked for the reason. */
export const ERASED_CERTIFICATE = {
  learner_name: 'Former learner',
  revocation_reason: 'The holder deleted their account',
} as const;

/**
 * Where an anonymised submission's bytes are kept: a name with neither the account's uid nor the
 * file's original name, outside the submission path pattern (so the finalize trigger skips it).
 */
export function anonymisedObjectPath(pseudonym: string, submissionId: string, ext: string): string {
  return `anonymised/${pseudonym}/${submissionId}${ext ? `.${ext}` : ''}`;
}
