import type { PrintedFields } from '../../shared/certificates/model';

/** A certificate's printed fields as the unit tests of rendering, signing and checking use them. */
export const sampleFields: PrintedFields = {
  certificate_id: '7K3QX9M2R4TB',
  learner_name: 'Zoë Łukasiewicz',
  pathway_id: 'foundations-image-gen',
  pathway_title: 'Foundations of Image Generation',
  completion_date: '2026-11-22',
  duration_minutes: 270,
  difficulty: 'intermediate',
  instructor_line: 'Instructor: Ada Lovelace',
  issuer_name: 'Pathwise',
  verification_url: 'https://pathwise.example/verify/7K3QX9M2R4TB',
};

/** Who issues the sample credential and for what: the Open Badges fields the tests share. */
export const sampleCredentialParts = {
  issuer: {
    id: 'https://pathwise.example/issuer',
    name: 'Pathwise',
    url: 'https://pathwise.example',
  },
  subjectId: 'urn:pathwise:learner:uid-1',
  achievementId: 'https://pathwise.example/pathways/foundations-image-gen/achievement',
  criteria: '- Completed every required resource of the pathway.',
};
