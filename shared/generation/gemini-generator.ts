import { z } from 'zod';
import { log, LogEvent } from '../log';
import type { ContentDocument, ModuleContent } from './content';
import type { PlannedModule } from './course-outline';
import type { GeminiClient } from './gemini-client';
import { deterministicGenerator, type CourseGenerator } from './generator';
import { shortId } from './hash';
import { occurrences, plainText, type QuizStem } from './quiz';

/**
 * A course generator whose quiz questions a Gemini model writes on Vertex AI; everything else
 * (inventory, analysis, key terms, outline, articles, exercises, distractors, assembly) is the
 * deterministic generator's. The model asks questions in its own words, but each must quote one
 * of the module's documents verbatim and have a short answer that its quote contains exactly
 * once and its question does not: a question that does not hold is dropped here, and the
 * deterministic questions fill the quiz. Distractors still come from the corpus and are checked
 * against the quote when the quiz is assembled, as every item is.
 */
const QUESTIONS_ASKED = 8;
const MAX_ANSWER_WORDS = 4;
/** About 50,000 tokens of sources per module: the model's context is larger, the bill is not. */
const PROMPT_SOURCE_CHARS = 200_000;

const ModelQuizSchema = z.object({
  questions: z
    .array(
      z.object({
        document: z.number().int(),
        quote: z.string().min(1).max(2000),
        question: z.string().min(1).max(500),
        answer: z.string().min(1).max(100),
      }),
    )
    .max(50),
});
export type ModelQuiz = z.infer<typeof ModelQuizSchema>;

const RESPONSE_SCHEMA = {
  type: 'OBJECT',
  properties: {
    questions: {
      type: 'ARRAY',
      items: {
        type: 'OBJECT',
        properties: {
          document: { type: 'INTEGER', description: 'The number of the quoted document' },
          quote: { type: 'STRING', description: 'One sentence copied verbatim from it' },
          question: { type: 'STRING', description: 'The question, without its answer' },
          answer: { type: 'STRING', description: 'A term of at most four words from the quote' },
        },
        required: ['document', 'quote', 'question', 'answer'],
      },
    },
  },
  required: ['questions'],
};

const SYSTEM = [
  'You write quiz questions for an online course from its source documents.',
  'Each question tests one important idea of the documents given, with a short answer:',
  `a term of at most ${MAX_ANSWER_WORDS} words. For each question, copy one sentence that`,
  'contains the answer verbatim from one document into "quote" (exact characters, including',
  "Markdown), give that document's number, and write a question that the quote answers but",
  'that does not itself contain the answer. Ask about different ideas; never two questions',
  'about the same sentence.',
].join(' ');

/** The module's documents, numbered, as far as the prompt's budget reaches. */
export function quizPrompt(module: PlannedModule, documents: ContentDocument[]): string {
  const parts = [`Module: ${module.title}`, `Write ${QUESTIONS_ASKED} questions.`];
  let room = PROMPT_SOURCE_CHARS;
  documents.forEach((d, i) => {
    if (room <= 0) return;
    const text = d.text.slice(0, room);
    room -= text.length;
    parts.push(`--- Document ${i + 1}: ${d.analysis.path} ---\n${text}`);
  });
  return parts.join('\n\n');
}

export interface GroundedQuestions {
  stems: QuizStem[];
  rejected: { index: number; reason: string }[];
}

/** Why a model question cannot be asked, or null when its quote holds it up. */
function problem(q: ModelQuiz['questions'][number], documents: ContentDocument[]): string | null {
  const doc = documents[q.document - 1];
  if (!doc) return `document ${q.document} was not given`;
  if (!doc.text.includes(q.quote)) return 'the quote is not in the document';
  const answer = q.answer.trim().toLowerCase();
  if (answer.split(/\s+/).length > MAX_ANSWER_WORDS) return 'the answer is not a short term';
  const hits = occurrences(plainText(q.quote), answer).length;
  if (hits !== 1) return `the quote contains the answer ${hits} times, not once`;
  if (occurrences(plainText(q.question), answer).length > 0)
    return 'the question gives its answer away';
  return null;
}

/** The model's questions that hold, as stems citing where their quote stands in its document. */
export function groundModelQuestions(
  moduleKey: string,
  quiz: ModelQuiz,
  documents: ContentDocument[],
): GroundedQuestions {
  const stems: QuizStem[] = [];
  const rejected: GroundedQuestions['rejected'] = [];
  quiz.questions.forEach((q, index) => {
    const reason = problem(q, documents);
    if (reason) return rejected.push({ index, reason });
    const doc = documents[q.document - 1] as ContentDocument;
    const start = doc.text.indexOf(q.quote);
    const answer = q.answer.trim().toLowerCase();
    const { document_id, path } = doc.analysis;
    stems.push({
      question_id: shortId('qm', moduleKey, document_id, String(start), answer),
      answer,
      prompt: q.question.trim(),
      source: { document_id, path, start, end: start + q.quote.length },
      cited: q.quote,
    });
  });
  return { stems, rejected };
}

export class GeminiCourseGenerator implements CourseGenerator {
  readonly name: string;
  readonly version = 1;
  private readonly base = deterministicGenerator;
  readonly inventory = this.base.inventory;
  readonly analyse = this.base.analyse;
  readonly keyTerms = this.base.keyTerms;
  readonly outline = this.base.outline;
  readonly assemble = this.base.assemble;

  constructor(
    private readonly client: GeminiClient,
    model: string,
  ) {
    // The model is part of the name, so switching models recomputes every module's content.
    this.name = `vertex-gemini:${model}`;
  }

  async moduleContent(module: PlannedModule, documents: ContentDocument[]): Promise<ModuleContent> {
    const content = await this.base.moduleContent(module, documents);
    const answer = await this.client.generateJson(
      {
        system: SYSTEM,
        prompt: quizPrompt(module, documents),
        responseSchema: RESPONSE_SCHEMA,
        maxOutputTokens: 4096,
      },
      ModelQuizSchema,
    );
    if (answer.kind === 'refused') {
      log.warn(LogEvent.generationModel, 'Model questions unavailable; deterministic quiz', {
        module_key: module.module_key,
        reason: answer.reason,
      });
      return content;
    }
    const grounded = groundModelQuestions(module.module_key, answer.value, documents);
    log.info(LogEvent.generationModel, 'Model questions checked against their quotes', {
      module_key: module.module_key,
      asked: answer.value.questions.length,
      kept: grounded.stems.length,
      rejected: grounded.rejected,
    });
    return { ...content, model_stems: grounded.stems };
  }
}
