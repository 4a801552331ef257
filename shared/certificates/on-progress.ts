import { AppError } from '../errors';
import type { ProgressEvent } from '../events';
import { log, LogEvent } from '../log';
import type { CertificateIssuance } from './issuance';

/**
 * The progress events after which a learner may have become eligible: completing the pathway,
 * and an approval (a submitted resource becoming completed) that may have been the last rule
 * left. Anything else cannot change eligibility in a way that issues a certificate.
 */
export function mayEarnCertificate(event: ProgressEvent): boolean {
  if (event.type === 'pathway_completed') return true;
  return event.type === 'resource_completed' && event.old.status === 'submitted';
}

/** Issues certificates from `progress-events`, at least once delivered, exactly once issued. */
export class IssueOnProgress {
  constructor(private readonly issuance: CertificateIssuance) {}

  async handle(event: ProgressEvent): Promise<void> {
    if (!mayEarnCertificate(event)) return;
    const subject = {
      user_id: event.user_id,
      pathway_id: event.pathway_id,
      event_id: event.event_id,
    };
    try {
      const outcome = await this.issuance.issue(event.user_id, event.pathway_id, 'event');
      if (outcome?.created) {
        log.info(LogEvent.certificateIssued, 'Certificate issued', {
          ...subject,
          certificate_id: outcome.certificateId,
        });
      }
    } catch (error) {
      // Not eligible (yet), or nothing to print a name with: the learner's next step decides.
      if (error instanceof AppError && error.code === 'failed_precondition') {
        log.info(LogEvent.certificateNotIssued, error.message, {
          ...subject,
          unmet: error.details,
        });
        return;
      }
      throw error;
    }
  }
}
