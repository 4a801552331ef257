// Over 300 lines: data, not logic: seed 000's two sample pathways written out in full.
/**
 * Demo data: the two sample pathways of seed 000 and three demo users. `npm start` loads it;
 * tests use it as a read-only fixture.
 */
import type { z } from 'zod';
import type { Role } from '../../shared/auth';
import type { CreateModuleSchema, CreateResourceSchema } from '../../shared/catalog/schemas';
import type { PathwayLearningSchema } from '../../shared/learner/skills';

export interface DemoUser {
  uid: string;
  email: string;
  password: string;
  displayName: string;
  role: Role;
}

export const DEMO_PASSWORD = 'pathwise-demo';

export const demoUsers: Record<'learner' | 'instructor' | 'admin', DemoUser> = {
  learner: {
    uid: 'demo-learner',
    email: 'learner@demo.pathwise.dev',
    password: DEMO_PASSWORD,
    displayName: 'Dana Learner',
    role: 'learner',
  },
  instructor: {
    uid: 'demo-instructor',
    email: 'instructor@demo.pathwise.dev',
    password: DEMO_PASSWORD,
    displayName: 'Ivan Instructor',
    role: 'instructor',
  },
  admin: {
    uid: 'demo-admin',
    email: 'admin@demo.pathwise.dev',
    password: DEMO_PASSWORD,
    displayName: 'Ada Admin',
    role: 'admin',
  },
};

type ResourceInput = z.input<typeof CreateResourceSchema> & { id: string };
type ModuleInput = z.input<typeof CreateModuleSchema> & { id: string; resources: ResourceInput[] };

export interface DemoPathway {
  id: string;
  title: string;
  description: string;
  difficulty: 'beginner' | 'intermediate' | 'advanced';
  /** Skills taught, prerequisites and hours, for the learner model (seed 003). */
  learning: z.input<typeof PathwayLearningSchema>;
  modules: ModuleInput[];
}

/** The managed skills list the demo content is tagged with. */
export const demoSkills: { id: string; name: string; description: string }[] = [
  {
    id: 'image_generation',
    name: 'Image generation',
    description: 'Diffusion models and their use.',
  },
  {
    id: 'prompt_engineering',
    name: 'Prompt engineering',
    description: 'Writing prompts that work.',
  },
  {
    id: 'image_editing',
    name: 'Image editing',
    description: 'ControlNet, inpainting, outpainting.',
  },
  {
    id: 'visual_consistency',
    name: 'Visual consistency',
    description: 'Styles and characters that hold.',
  },
  { id: 'responsible_ai', name: 'Responsible AI', description: 'Copyright, consent and safety.' },
  { id: 'campaign_design', name: 'Campaign design', description: 'Planning visual campaigns.' },
  { id: 'llm_evaluation', name: 'LLM evaluation', description: 'Measuring prompt quality.' },
];

const images = ['image/png', 'image/jpeg', 'application/pdf'];

function quiz(prefix: string, topic: string, skill: string): ResourceInput['quiz'] {
  return {
    passing_score: 70,
    policy: 'highest',
    max_attempts: 5,
    questions: [
      {
        id: `${prefix}-q1`,
        prompt: `Which statement about ${topic} is true?`,
        options: ['It needs no data', 'It learns from examples', 'It is rule-based only'],
        correct: [1],
        skills: [skill],
        difficulty: 3,
      },
      {
        id: `${prefix}-q2`,
        prompt: `Pick every practice that improves ${topic} results.`,
        options: [
          'Clear prompts',
          'Random seeds only',
          'Iterating on outputs',
          'Ignoring feedback',
        ],
        correct: [0, 2],
        skills: [skill],
        difficulty: 5,
      },
      {
        id: `${prefix}-q3`,
        prompt: `What should you check before sharing ${topic} output?`,
        options: ['Licensing and consent', 'Nothing'],
        correct: [0],
        skills: [skill],
        difficulty: 4,
      },
    ],
  };
}

/** Five resources per module, in the order seed 000 shows: video, article, exercise, quiz, project. */
function standardModule(
  id: string,
  title: string,
  topic: string,
  titles: [string, string, string, string, string],
  skill: string,
): ModuleInput {
  const learning = (level: number) => ({ skills: [{ skill_id: skill, level }] });
  return {
    id,
    title,
    description: `${title}: concepts, practice and a hands-on project.`,
    resources: [
      {
        id: `${id}-r1`,
        type: 'video',
        title: titles[0],
        duration_minutes: 40,
        url: null,
        learning: learning(3),
      },
      {
        id: `${id}-r2`,
        type: 'article',
        title: titles[1],
        duration_minutes: 20,
        url: `https://learn.pathwise.dev/articles/${id}`,
        learning: learning(4),
      },
      {
        id: `${id}-r3`,
        type: 'exercise',
        title: titles[2],
        duration_minutes: 45,
        requires_upload: true,
        accepted_file_types: images,
        max_file_size_mb: 25,
        learning: learning(5),
      },
      {
        id: `${id}-r4`,
        type: 'quiz',
        title: titles[3],
        duration_minutes: 10,
        quiz: quiz(id, topic, skill),
        learning: learning(5),
      },
      {
        id: `${id}-r5`,
        type: 'project',
        title: titles[4],
        duration_minutes: 90,
        requires_upload: true,
        accepted_file_types: ['application/pdf', 'image/png', 'image/jpeg', 'application/zip'],
        max_file_size_mb: 50,
        learning: learning(6),
      },
    ],
  };
}

export const demoPathways: DemoPathway[] = [
  {
    id: 'image-generation',
    title: 'AI Image Generation',
    description:
      'From diffusion basics to a complete visual campaign with Stable Diffusion, DALL-E and Gemini.',
    difficulty: 'beginner',
    learning: {
      skills: [
        { skill_id: 'image_generation', level: 6 },
        { skill_id: 'prompt_engineering', level: 4 },
        { skill_id: 'image_editing', level: 6 },
        { skill_id: 'visual_consistency', level: 6 },
        { skill_id: 'responsible_ai', level: 6 },
        { skill_id: 'campaign_design', level: 6 },
      ],
      difficulty: 'beginner',
      estimated_hours: 20.5,
    },
    modules: [
      standardModule(
        'foundations-image-gen',
        'Foundations of Image Generation',
        'image generation',
        [
          'What is AI Image Generation + Model Types',
          'How diffusion models turn noise into images',
          'Simple Stable Diffusion prompt generation (Colab)',
          'Foundations check',
          'Generate 3 mood-board images for fictional product',
        ],
        'image_generation',
      ),
      standardModule(
        'prompt-gemini-nano',
        'Prompt Engineering & Gemini Nano Banana',
        'prompting',
        [
          'Anatomy of an image prompt',
          'Gemini image editing in practice',
          'Rewrite five prompts for consistency',
          'Prompting check',
          'Edit a product photo series with Gemini',
        ],
        'prompt_engineering',
      ),
      standardModule(
        'controlnet-editing',
        'ControlNet, Inpainting and Editing',
        'image editing',
        [
          'ControlNet: pose, depth and edges',
          'Inpainting and outpainting workflows',
          'Restore and extend a photograph',
          'Editing check',
          'Redesign a room with inpainting',
        ],
        'image_editing',
      ),
      standardModule(
        'style-consistency',
        'Style, Characters and Consistency',
        'style transfer',
        [
          'Keeping a character consistent',
          'LoRA fine-tuning in plain words',
          'Train a style reference set',
          'Consistency check',
          'A six-panel story with one character',
        ],
        'visual_consistency',
      ),
      standardModule(
        'image-gen-ethics',
        'Ethics, Copyright and Safety',
        'responsible generation',
        [
          'Copyright, consent and likeness',
          'Watermarks, provenance and C2PA',
          'Audit a generated campaign',
          'Ethics check',
          'Write a usage policy for your team',
        ],
        'responsible_ai',
      ),
      standardModule(
        'image-gen-capstone',
        'Capstone: A Visual Campaign',
        'campaign design',
        [
          'Planning a visual campaign',
          'Case study: a launch campaign',
          'Storyboard the campaign',
          'Capstone readiness check',
          'Deliver the full campaign',
        ],
        'campaign_design',
      ),
    ],
  },
  {
    id: 'prompt-engineering',
    title: 'Prompt Engineering',
    description: 'Write, structure and evaluate prompts for large language models.',
    difficulty: 'intermediate',
    learning: {
      skills: [
        { skill_id: 'prompt_engineering', level: 7 },
        { skill_id: 'llm_evaluation', level: 6 },
      ],
      difficulty: 'intermediate',
      prerequisites: [{ kind: 'skill', skill_id: 'prompt_engineering', min_level: 3 }],
      estimated_hours: 5,
    },
    modules: [
      {
        id: 'prompt-basics',
        title: 'Prompting Basics',
        resources: [
          {
            id: 'prompt-basics-r1',
            type: 'video',
            title: 'How language models read prompts',
            duration_minutes: 25,
          },
          {
            id: 'prompt-basics-r2',
            type: 'article',
            title: 'Instructions, context and examples',
            duration_minutes: 15,
            url: 'https://learn.pathwise.dev/articles/prompt-basics',
          },
          {
            id: 'prompt-basics-r3',
            type: 'quiz',
            title: 'Basics check',
            duration_minutes: 10,
            quiz: quiz('prompt-basics', 'prompting', 'prompt_engineering'),
            learning: { skills: [{ skill_id: 'prompt_engineering', level: 4 }] },
          },
          {
            id: 'prompt-basics-r4',
            type: 'article',
            title: 'Further reading: the prompt engineering literature',
            duration_minutes: 30,
            required: false,
          },
        ],
      },
      {
        id: 'prompt-patterns',
        title: 'Prompt Patterns',
        resources: [
          {
            id: 'prompt-patterns-r1',
            type: 'video',
            title: 'Few-shot, chain-of-thought and role prompts',
            duration_minutes: 35,
          },
          {
            id: 'prompt-patterns-r2',
            type: 'exercise',
            title: 'Turn a vague request into a structured prompt',
            duration_minutes: 30,
            requires_upload: true,
            accepted_file_types: ['text/plain', 'text/markdown', 'application/pdf'],
            max_file_size_mb: 5,
          },
          {
            id: 'prompt-patterns-r3',
            type: 'exercise',
            title: 'Prompt a JSON extractor',
            duration_minutes: 30,
            requires_upload: true,
            accepted_file_types: ['application/json', 'application/x-ipynb+json', 'text/plain'],
            max_file_size_mb: 5,
          },
        ],
      },
      {
        id: 'prompt-evaluation',
        title: 'Evaluating Prompts',
        description: 'Complete any two of the three projects.',
        required_count: 2,
        resources: [
          {
            id: 'prompt-evaluation-r1',
            type: 'project',
            title: 'Build an evaluation set',
            duration_minutes: 60,
            requires_upload: true,
            accepted_file_types: ['application/pdf', 'application/zip'],
          },
          {
            id: 'prompt-evaluation-r2',
            type: 'project',
            title: 'Compare three prompt variants',
            duration_minutes: 60,
            requires_upload: true,
            accepted_file_types: ['application/pdf', 'application/zip'],
          },
          {
            id: 'prompt-evaluation-r3',
            type: 'project',
            title: 'Red-team a prompt',
            duration_minutes: 60,
            requires_upload: true,
            accepted_file_types: ['application/pdf', 'application/zip'],
          },
        ],
      },
    ],
  },
];
