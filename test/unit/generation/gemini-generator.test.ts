import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../../../shared/config';
import {
  assembleDraft,
  buildModuleContent,
  type ContentDocument,
  type DraftQuiz,
} from '../../../shared/generation/content';
import { planCourse, type PlannedModule } from '../../../shared/generation/course-outline';
import { GeminiClient, ModelUnavailable } from '../../../shared/generation/gemini-client';
import { GeminiCourseGenerator, type ModelQuiz } from '../../../shared/generation/gemini-generator';
import { deterministicGenerator } from '../../../shared/generation/generator';
import { selectCourseGenerator } from '../../../shared/generation/generators';
import { checkGrounding } from '../../../shared/generation/quiz';
import { analysed } from './pipeline-fixture';

/**
 * The Gemini generator against a local server that speaks Vertex AI's generateContent: what it
 * sends, how it reads answers, and that every model question it keeps is grounded in its quote.
 */
interface Reply {
  status: number;
  body: unknown;
}
interface Seen {
  url: string;
  authorization: string | undefined;
  body: {
    systemInstruction: { parts: { text: string }[] };
    contents: { role: string; parts: { text: string }[] }[];
    generationConfig: Record<string, unknown>;
  };
}

let server: Server;
let base: string;
let reply: Reply;
const seen: Seen[] = [];

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => resolve(text));
  });

beforeAll(async () => {
  server = createServer((req, res) => {
    void read(req).then((text) => {
      seen.push({
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body: JSON.parse(text) as Seen['body'],
      });
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => (seen.length = 0));

/** A generateContent response whose one candidate's text is the JSON given. */
function answer(value: unknown, finishReason = 'STOP'): Reply {
  return {
    status: 200,
    body: {
      candidates: [
        { content: { role: 'model', parts: [{ text: JSON.stringify(value) }] }, finishReason },
      ],
      usageMetadata: { promptTokenCount: 1000, candidatesTokenCount: 200 },
      modelVersion: 'gemini-2.5-flash',
    },
  };
}

const { analyses, terms, byId } = analysed();
const plan = planCourse(analyses, terms, null);
const documentsOf = (m: PlannedModule): ContentDocument[] =>
  m.documents.map((id) => ({ text: byId.get(id)!.doc.text, analysis: byId.get(id)!.analysis }));
const texts = new Map([...byId].map(([id, v]) => [id, v.doc.text]));
const pool = [...terms.values()].flat().map((t) => t.term);
const rankings = Object.fromEntries(
  plan.modules.map((m) => [
    m.module_key,
    m.documents.flatMap((id) => terms.get(id) ?? []).map((t) => t.term),
  ]),
);

function generator() {
  const client = new GeminiClient(
    { endpoint: base, projectId: 'acme', location: 'us-central1', model: 'gemini-2.5-flash' },
    () => Promise.resolve('test-access-token'),
  );
  return new GeminiCourseGenerator(client, 'gemini-2.5-flash');
}

const quizOf = (
  module: PlannedModule,
  content: Awaited<ReturnType<GeminiCourseGenerator['moduleContent']>>,
) =>
  assembleDraft([content], pool, {
    [module.module_key]: rankings[module.module_key] ?? [],
  }).modules[0]!.resources.find((r): r is DraftQuiz => r.type === 'quiz');

/** Questions the model could honestly write: a deterministic stem's sentence, asked in words. */
function honestQuestions(module: PlannedModule, count: number): ModelQuiz['questions'] {
  const docs = documentsOf(module);
  const stems = buildModuleContent(module, docs);
  const seenAnswers = new Set<string>();
  return stems.stems
    .filter((s) => !seenAnswers.has(s.answer) && seenAnswers.add(s.answer))
    .slice(0, count)
    .map((s) => ({
      document: docs.findIndex((d) => d.analysis.document_id === s.source.document_id) + 1,
      quote: s.cited,
      question: `Which term completes the idea this sentence of ${s.source.path} states?`,
      answer: s.answer.toUpperCase(),
    }));
}

describe('the Vertex AI Gemini course generator', () => {
  const module = plan.modules[1]!;
  const docs = documentsOf(module);

  it('asks generateContent of the configured model, with a token, JSON output and temperature 0', async () => {
    reply = answer({ questions: [] });
    await generator().moduleContent(module, docs);
    expect(seen).toHaveLength(1);
    const request = seen[0]!;
    expect(request.url).toBe(
      '/v1/projects/acme/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent',
    );
    expect(request.authorization).toBe('Bearer test-access-token');
    expect(request.body.generationConfig).toMatchObject({
      temperature: 0,
      responseMimeType: 'application/json',
      responseSchema: { type: 'OBJECT', required: ['questions'] },
    });
    expect(request.body.systemInstruction.parts[0]!.text).toMatch(/verbatim/);
    const prompt = request.body.contents[0]!.parts[0]!.text;
    expect(prompt).toContain(`Module: ${module.title}`);
    for (const [i, d] of docs.entries()) {
      expect(prompt).toContain(`--- Document ${i + 1}: ${d.analysis.path} ---`);
      expect(prompt).toContain(d.text);
    }
  });

  it('asks the model’s grounded questions first, each citing where its quote stands', async () => {
    const questions = honestQuestions(module, 2);
    reply = answer({ questions });
    const content = await generator().moduleContent(module, docs);
    expect(content.model_stems).toHaveLength(2);
    const quiz = quizOf(module, content)!;
    expect(quiz.questions.slice(0, 2).map((q) => q.prompt)).toEqual(
      questions.map((q) => q.question),
    );
    expect(quiz.questions[0]!.answer).toBe(questions[0]!.answer.toLowerCase());
    for (const item of quiz.questions)
      expect(checkGrounding(item, texts.get(item.source.document_id)!)).toEqual([]);
    expect(generator().name).toBe('vertex-gemini:gemini-2.5-flash');
  });

  it('rejects every question its quote does not hold up, and the deterministic items fill the quiz', async () => {
    const [good] = honestQuestions(module, 1);
    const bad: ModelQuiz['questions'] = [
      { ...good!, quote: `${good!.quote} (embellished)` },
      { ...good!, document: 99 },
      { ...good!, answer: 'zeppelin' },
      { ...good!, question: `Is it ${good!.answer}?` },
      { ...good!, answer: 'a very long answer of many words' },
    ];
    reply = answer({ questions: bad });
    const content = await generator().moduleContent(module, docs);
    expect(content.model_stems).toEqual([]);
    const deterministic = buildModuleContent(module, docs);
    expect(quizOf(module, content)).toEqual(quizOf(module, deterministic));
  });

  it('never lets an option that also fits the quote through, even from a quote that holds', async () => {
    const [good] = honestQuestions(module, 1);
    reply = answer({ questions: [good] });
    const content = await generator().moduleContent(module, docs);
    const stem = content.model_stems![0]!;
    const word = stem.cited.split(/\s+/).find((w) => /^[a-z]{4,}$/.test(w) && w !== stem.answer)!;
    const quiz = assembleDraft([content], [word, word, word], {}).modules[0]!;
    expect(quiz.resources.find((r) => r.type === 'quiz')).toBeUndefined();
  });

  it('does without the model when it refuses, and retries later when it is unavailable', async () => {
    const plain = buildModuleContent(module, docs);
    const refusals: Reply[] = [
      {
        status: 400,
        body: { error: { code: 400, message: 'Request too large', status: 'INVALID_ARGUMENT' } },
      },
      answer({ questions: [] }, 'MAX_TOKENS'),
      { status: 200, body: { promptFeedback: { blockReason: 'SAFETY' } } },
      {
        status: 200,
        body: {
          candidates: [{ content: { parts: [{ text: '{"questions": [' }] }, finishReason: 'STOP' }],
        },
      },
      answer({ questions: [{ document: 1, quote: 'x' }] }),
    ];
    for (const r of refusals) {
      reply = r;
      await expect(generator().moduleContent(module, docs)).resolves.toEqual(plain);
    }
    for (const status of [429, 503]) {
      reply = { status, body: { error: { code: status, message: 'Quota exceeded' } } };
      const run = generator().moduleContent(module, docs);
      await expect(run).rejects.toBeInstanceOf(ModelUnavailable);
      await expect(run).rejects.toThrow(`Vertex AI answered ${status}: Quota exceeded`);
    }
    const offline = new GeminiClient(
      { endpoint: 'http://127.0.0.1:9', projectId: 'acme', location: 'us-central1', model: 'm' },
      () => Promise.resolve('t'),
    );
    await expect(
      new GeminiCourseGenerator(offline, 'm').moduleContent(module, docs),
    ).rejects.toBeInstanceOf(ModelUnavailable);
  });
});

describe('choosing the course generator', () => {
  const token = () => Promise.resolve('t');

  it('is deterministic unless configured otherwise', () => {
    const config = parseConfig({ GOOGLE_CLOUD_PROJECT: 'acme' });
    expect(config.courseGenerator).toEqual({ kind: 'deterministic' });
    expect(selectCourseGenerator(config.courseGenerator, token)).toBe(deterministicGenerator);
  });

  it('selects Gemini on Vertex AI by configuration, in the functions’ region by default', () => {
    const config = parseConfig({
      GOOGLE_CLOUD_PROJECT: 'acme',
      FUNCTION_REGION: 'europe-west1',
      PATHWISE_COURSE_GENERATOR: 'vertex-gemini',
    });
    expect(config.courseGenerator).toEqual({
      kind: 'vertex-gemini',
      model: 'gemini-2.5-flash',
      location: 'europe-west1',
      projectId: 'acme',
      endpoint: 'https://europe-west1-aiplatform.googleapis.com',
    });
    expect(selectCourseGenerator(config.courseGenerator, token).name).toBe(
      'vertex-gemini:gemini-2.5-flash',
    );
    const global = parseConfig({
      GOOGLE_CLOUD_PROJECT: 'acme',
      PATHWISE_COURSE_GENERATOR: 'vertex-gemini',
      PATHWISE_GEMINI_LOCATION: 'global',
      PATHWISE_GEMINI_MODEL: 'gemini-2.5-pro',
    });
    expect(global.courseGenerator).toMatchObject({
      model: 'gemini-2.5-pro',
      endpoint: 'https://aiplatform.googleapis.com',
    });
  });

  it('names the variable that is wrong', () => {
    expect(() =>
      parseConfig({ GOOGLE_CLOUD_PROJECT: 'a', PATHWISE_COURSE_GENERATOR: 'gpt' }),
    ).toThrow(/PATHWISE_COURSE_GENERATOR/);
    expect(() =>
      parseConfig({ GOOGLE_CLOUD_PROJECT: 'a', PATHWISE_GEMINI_MODEL: 'Gemini Pro!' }),
    ).toThrow(/PATHWISE_GEMINI_MODEL: Expected a Vertex AI model id/);
  });
});
