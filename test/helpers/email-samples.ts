import type { RenderContext } from '../../shared/email/render';
import type { TemplateData, TemplateName } from '../../shared/email/templates/index';

/** Real-looking data for every template, as the triggers would assemble it. */
export const samples: { [N in TemplateName]: TemplateData<N> } = {
  welcome: {
    name: 'Amara Okafor',
    dashboard_url: 'https://learn.pathwise.example/dashboard',
    catalog_url: 'https://learn.pathwise.example/pathways',
    highlights: [
      { title: 'Pathways', detail: 'Follow structured courses from first steps to a certificate.' },
      { title: 'Progress', detail: 'Pick up exactly where you stopped, on any device.' },
      { title: 'Feedback', detail: 'Upload exercises and get reviews from instructors.' },
    ],
  },
  enrollment_confirmation: {
    name: 'Amara Okafor',
    enrolled_at: '2025-03-10T08:15:00Z',
    timezone: 'Africa/Lagos',
    pathway: {
      title: 'Image Generation Foundations',
      summary: 'From diffusion basics to a mood board you can show a client.',
      url: 'https://learn.pathwise.example/pathways/image-generation',
      module_count: 6,
      resource_count: 31,
      estimated_minutes: 1290,
      instructor_name: 'Dr. Lena Fischer',
    },
    first_resource: {
      title: 'What is AI Image Generation + Model Types',
      url: 'https://learn.pathwise.example/resources/foundations-image-gen-r1',
    },
  },
  course_completion: {
    name: 'Amara Okafor',
    pathway_title: 'Image Generation Foundations',
    completed_at: '2025-04-02T17:40:00Z',
    timezone: 'Africa/Lagos',
    certificate: {
      id: 'c7QmZ2xK9vRt4pLw',
      verification_url: 'https://learn.pathwise.example/certificates/verify/c7QmZ2xK9vRt4pLw',
    },
    next_pathway: {
      title: 'Prompt Engineering with Gemini',
      url: 'https://learn.pathwise.example/pathways/prompt-engineering',
    },
  },
  certificate_reissued: {
    name: 'Amara Okafor',
    pathway_title: 'Image Generation Foundations',
    certificate: {
      id: 'R4TB-7K3Q-X9M2',
      verification_url: 'https://learn.pathwise.example/verify/R4TBX7K3QX9M2',
    },
    replaces: { id: 'ABCD-EFGH-2345' },
  },
  submission_review: {
    name: 'Amara Okafor',
    resource_title: 'Generate 3 mood-board images for a fictional product',
    file_name: 'mood_board.pdf',
    approved: false,
    grade: 'fail',
    comments:
      'The palette is strong.\nThe third image ignores the brief: keep the product in frame.',
    reviewer_name: 'Dr. Lena Fischer',
    resource_url: 'https://learn.pathwise.example/resources/foundations-image-gen-r5',
  },
  invalid_upload: {
    name: 'Amara Okafor',
    file_name: 'exercise.png',
    resource_title: 'Simple Stable Diffusion prompt generation (Colab)',
    reason: 'the file content is a ZIP archive, not a PNG image',
    accepted_types: ['PNG', 'JPEG', 'PDF'],
    max_size_mb: 25,
    resource_url: 'https://learn.pathwise.example/resources/foundations-image-gen-r3',
  },
  password_reset: {
    name: 'Amara Okafor',
    reset_url:
      'https://learn.pathwise.example/__/auth/action?mode=resetPassword&oobCode=Kx81mZ&apiKey=demo',
    requested_at: '2025-03-30T00:30:00Z',
    expires_in_minutes: 60,
    timezone: 'Europe/London',
  },
  weekly_progress: {
    name: 'Amara Okafor',
    timezone: 'Africa/Lagos',
    week: { start: '2025-03-03', end: '2025-03-09' },
    stats: {
      resources_completed: 7,
      minutes_learned: 245,
      quizzes_taken: 3,
      average_quiz_score: 78.5,
      current_streak_days: 5,
      pathways_in_progress: 2,
    },
    improvements: [
      { skill: 'Prompt design', from_level: 4, to_level: 6 },
      { skill: 'Diffusion models', from_level: 3, to_level: 4 },
    ],
    recommendations: [
      {
        title: 'Negative prompts in practice',
        reason: 'Next in sequence: Module 3',
        url: 'https://learn.pathwise.example/resources/prompt-gemini-nano-r2',
        estimated_minutes: 30,
      },
      {
        title: 'Review: sampling schedulers',
        reason: 'Recent quiz score on schedulers: 45%',
        url: 'https://learn.pathwise.example/resources/foundations-image-gen-r4',
        estimated_minutes: 20,
      },
    ],
    dashboard_url: 'https://learn.pathwise.example/dashboard',
  },
  notification: {
    name: 'Amara Okafor',
    title: 'New module: Video generation basics',
    paragraphs: [
      'A new module was added to Image Generation Foundations.',
      'It covers frame interpolation and takes about an hour.',
    ],
    action: {
      label: 'Open the module',
      url: 'https://learn.pathwise.example/modules/video-gen-basics',
    },
  },
};

export const brand = {
  name: 'Pathwise',
  url: 'https://learn.pathwise.example',
  logo_url: 'https://learn.pathwise.example/static/pathwise-logo.png',
  support_email: 'support@pathwise.example',
};

export function contextFor(transactional: boolean): RenderContext {
  return {
    brand,
    preferences_url: 'https://learn.pathwise.example/settings/notifications',
    unsubscribe_url: transactional
      ? null
      : 'https://learn.pathwise.example/api/v1/email/unsubscribe?token=abc.def',
  };
}
