import { certificateReissued } from './certificate-reissued';
import { courseCompletion } from './course-completion';
import { enrollmentConfirmation } from './enrollment-confirmation';
import { invalidUpload } from './invalid-upload';
import { notification } from './notification';
import { passwordReset } from './password-reset';
import { submissionReview } from './submission-review';
import { weeklyProgress } from './weekly-progress';
import { welcome } from './welcome';
import type { z } from 'zod';

/** Every email Pathwise sends, by template name. */
export const templates = {
  welcome,
  enrollment_confirmation: enrollmentConfirmation,
  course_completion: courseCompletion,
  certificate_reissued: certificateReissued,
  submission_review: submissionReview,
  invalid_upload: invalidUpload,
  password_reset: passwordReset,
  weekly_progress: weeklyProgress,
  notification,
} as const;

export type TemplateName = keyof typeof templates;
export type TemplateData<N extends TemplateName> = z.input<(typeof templates)[N]['schema']>;
export const TEMPLATE_NAMES = Object.keys(templates) as TemplateName[];
