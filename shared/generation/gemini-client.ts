import { z } from 'zod';

/**
 * Vertex AI's `generateContent` over its REST API, for one JSON answer at temperature 0. The
 * outcome is one of three: an answer that matched the caller's schema; a refusal (blocked, cut
 * off, malformed, or a request the API rejects for good), after which the caller does without
 * the model; or a thrown `ModelUnavailable` for what passes (quota, overload, network), so the
 * stage is retried and resumes.
 */
export interface GeminiSettings {
  /** `https://{location}-aiplatform.googleapis.com`, or a local server in tests. */
  endpoint: string;
  projectId: string;
  location: string;
  model: string;
}

/** An OAuth access token for the Vertex AI API (google-auth-library in the composition root). */
export type AccessTokenSource = () => Promise<string>;

export class ModelUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelUnavailable';
  }
}

export type ModelAnswer<T> = { kind: 'answer'; value: T } | { kind: 'refused'; reason: string };

export interface JsonRequest {
  system: string;
  prompt: string;
  /** The answer's shape in Vertex AI's schema dialect (an OpenAPI subset). */
  responseSchema: Record<string, unknown>;
  maxOutputTokens: number;
}

const ResponseSchema = z.object({
  candidates: z
    .array(
      z.object({
        content: z
          .object({ parts: z.array(z.object({ text: z.string().optional() })).optional() })
          .optional(),
        finishReason: z.string().optional(),
      }),
    )
    .optional(),
  promptFeedback: z.object({ blockReason: z.string().optional() }).optional(),
});

const ErrorSchema = z.object({ error: z.object({ message: z.string() }) });

/** Statuses worth retrying: quota, overload, timeouts on Google's side. */
const TRANSIENT = new Set([408, 429, 500, 502, 503, 504]);
const TIMEOUT_MS = 120_000;

export class GeminiClient {
  constructor(
    private readonly settings: GeminiSettings,
    private readonly token: AccessTokenSource,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  get url(): string {
    const { endpoint, projectId, location, model } = this.settings;
    return (
      `${endpoint.replace(/\/+$/, '')}/v1/projects/${encodeURIComponent(projectId)}` +
      `/locations/${encodeURIComponent(location)}/publishers/google/models/` +
      `${encodeURIComponent(model)}:generateContent`
    );
  }

  async generateJson<T>(request: JsonRequest, shape: z.ZodType<T>): Promise<ModelAnswer<T>> {
    const body = {
      systemInstruction: { parts: [{ text: request.system }] },
      contents: [{ role: 'user', parts: [{ text: request.prompt }] }],
      generationConfig: {
        temperature: 0,
        candidateCount: 1,
        maxOutputTokens: request.maxOutputTokens,
        responseMimeType: 'application/json',
        responseSchema: request.responseSchema,
      },
    };
    let response: Response;
    try {
      response = await this.fetchFn(this.url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await this.token()}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new ModelUnavailable(`Vertex AI could not be reached: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) {
      const parsed = ErrorSchema.safeParse(safeJson(text));
      const reason = `Vertex AI answered ${response.status}${parsed.success ? `: ${parsed.data.error.message}` : ''}`;
      if (TRANSIENT.has(response.status)) throw new ModelUnavailable(reason);
      return { kind: 'refused', reason };
    }
    return readAnswer(safeJson(text), shape);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The first candidate's text as JSON of the expected shape, or why there is none. */
export function readAnswer<T>(json: unknown, shape: z.ZodType<T>): ModelAnswer<T> {
  const response = ResponseSchema.safeParse(json);
  if (!response.success)
    return { kind: 'refused', reason: 'The response is not generateContent’s' };
  const blocked = response.data.promptFeedback?.blockReason;
  if (blocked) return { kind: 'refused', reason: `The prompt was blocked (${blocked})` };
  const candidate = response.data.candidates?.[0];
  if (!candidate) return { kind: 'refused', reason: 'The response has no candidate' };
  if (candidate.finishReason !== 'STOP')
    return {
      kind: 'refused',
      reason: `The answer ended with ${candidate.finishReason ?? 'no reason'}`,
    };
  const text = (candidate.content?.parts ?? []).map((p) => p.text ?? '').join('');
  const parsed = safeJson(text);
  if (parsed === undefined) return { kind: 'refused', reason: 'The answer is not JSON' };
  const value = shape.safeParse(parsed);
  if (!value.success) {
    const issue = value.error.issues[0];
    const where = issue ? ` at ${issue.path.join('.') || '(root)'}: ${issue.message}` : '';
    return { kind: 'refused', reason: `The answer does not have the expected shape${where}` };
  }
  return { kind: 'answer', value: value.data };
}
