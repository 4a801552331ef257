/**
 * The API answers and Firestore documents the console reads: the subset of fields it shows, as
 * the OpenAPI document (`/api/v1/openapi.json`) and `shared/*\/schemas.ts` define them.
 */
export type ResourceType = 'video' | 'article' | 'exercise' | 'project' | 'quiz';

export interface PathwaySummary {
  id: string;
  title: string;
  description: string | null;
  difficulty: string | null;
  status: string;
  module_count: number;
  resource_count: number;
  total_duration_minutes: number;
}
export interface PathwayList {
  pathways: PathwaySummary[];
}

export interface ResourceView {
  id: string;
  type: ResourceType;
  title: string;
  description: string | null;
  duration_minutes: number;
  requires_upload: boolean;
  required: boolean;
  url: string | null;
  accepted_file_types?: string[];
  max_file_size_mb?: number;
  quiz?: { passing_score: number; max_attempts: number | null; question_count: number };
}
export interface PathwayResources {
  pathway_id: string;
  modules: { module_id: string; title: string; order_index: number; resources: ResourceView[] }[];
}
export interface QuizQuestion {
  id: string;
  prompt: string;
  options: string[];
}
export interface ResourceDetail extends ResourceView {
  questions?: QuizQuestion[];
}

export interface QuizAttemptResult {
  attempt_number: number;
  score: number;
  max_score: number;
  percentage: number;
  passed: boolean;
  results: { question_id: string; correct: boolean; correct_options?: number[] }[];
  quiz: { attempts: number; attempts_remaining: number | null };
}

/** `enrollments/{uid}_{pathway}`, read live (timestamps as ISO strings). */
export interface ResourceState {
  status: string;
  progress_percentage: number;
  last_position_seconds: number | null;
  quiz: { attempts: number; best_percentage: number; passed: boolean } | null;
  submission_count: number;
}
export interface EnrollmentDoc {
  user_id: string;
  pathway_id: string;
  resources: Record<string, ResourceState>;
  modules: Record<string, { module_progress: number; completed: boolean }>;
  pathway: {
    pathway_progress: number;
    required_done: number;
    required_total: number;
    completed_at: string | null;
  };
  resume: { module_id: string; resource_id: string } | null;
  certificate?: { status: string; certificate_id?: string | null };
}

export interface UploadInstructions {
  method: 'PUT' | 'POST';
  url: string;
  headers: Record<string, string>;
  resumable: boolean;
}
export interface OpenedUpload {
  submission_id: string;
  upload: UploadInstructions;
}
export interface Review {
  submission_status: 'approved' | 'rejected';
  grade: string;
  review_comments: string | null;
  reviewed_at: string;
  has_feedback_file: boolean;
}
export interface Submission {
  id: string;
  file_name: string;
  file_size_bytes: number;
  submission_status: string;
  attempt_number: number | null;
  rejection_reason: string | null;
  review: Review | null;
  created_at: string;
}
export interface PendingSubmission {
  id: string;
  pathway_id: string;
  resource_title: string;
  file_name: string;
  file_size_bytes: number;
  user_email: string | null;
  user_name: string | null;
  hours_waiting: number;
}

export interface CertificateSummary {
  certificate_id: string;
  pathway_id: string;
  pathway_title: string;
  learner_name: string;
  completion_date: string;
  state: string;
  issued_at: string;
  revoked_at: string | null;
  reason: string | null;
  verification_url: string;
}
export interface Verification extends CertificateSummary {
  issuer_name: string;
  duration_minutes: number;
  pdf_sha256: string;
  superseded_by: string | null;
}

export interface Dashboard {
  performance_summary: {
    lessons_completed: number;
    avg_quiz_score: number | null;
    quiz_attempts: number;
    completion_rate: number;
    study_hours: number;
    current_streak: number;
    active_days: number;
    performance_trend: string;
  };
  recommended_next_lessons: {
    lesson_id: string;
    title: string;
    reason: string;
    pathway_id: string | null;
    recommendation_id: string;
  }[];
  struggling_topics: { skill: string; avg_score: number; attempts: number; difficulty: string }[];
  ai_insights: { personalized_message: string; study_recommendation: string };
}
export interface Analytics {
  window: { days: number; first_day: string; today: string };
}

export interface Project {
  course_id: string;
  title: string;
  status: string;
  pathway_id: string | null;
  updated_at: string;
}
/** `courseProjects/{id}/stages/{stage}`, read live. */
export interface StageDoc {
  stage: string;
  status: string;
  progress_percentage: number;
  current_step: string;
  error_message: string | null;
}

/** `GET /api/v1/instructor/pathways`. */
export interface InsightPathwayList {
  pathways: { id: string; title: string; status: string; role: string }[];
  next_page_token: string | null;
}

/** `GET /api/v1/instructor/pathways/{id}/insights` (the parts the console shows). */
export interface PathwayInsights {
  pathway_id: string;
  title: string;
  window_days: number;
  since: string;
  generated_at: string;
  enrollments: {
    total: number;
    started: number;
    completed: number;
    completion_rate: number | null;
  };
  funnel: {
    step: string;
    module_id: string | null;
    label: string;
    learners: number;
    rate: number | null;
  }[];
  completion_by_resource_type: {
    type: string;
    completions: number;
    possible: number;
    rate: number | null;
  }[];
  time_per_resource: {
    enrollments_read: number;
    complete: boolean;
    resources: {
      resource_id: string;
      title: string;
      type: string;
      expected_minutes: number;
      learners: number;
      median_minutes: number | null;
    }[];
  };
  at_risk: {
    more: boolean;
    learners: {
      user_id: string;
      reasons: { code: string; resource_title: string; sentence: string }[];
    }[];
  };
  quiz_items: {
    resource_id: string;
    title: string;
    items: {
      question_id: string;
      prompt: string;
      answers: number;
      share_correct: number | null;
      band: string | null;
    }[];
  }[];
  /** Only the figures the page shows, in the order it shows them. */
  reviews: {
    pending: number;
    oldest_pending_hours: number | null;
    approval_rate: number | null;
    time_to_review_hours: { p50: number | null; p90: number | null };
    reviewed: number;
    approved: number;
    rejected: number;
  };
  uploads: {
    files: number;
    average_files_per_day: number;
    average_bytes: number | null;
    success_rate: number | null;
    files_per_day: { date: string; files: number }[];
    succeeded: number;
    failed: number;
    in_flight: number;
  };
}
