import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { invalidArgument } from '../errors';

/**
 * A CloudEvent read from an HTTP request (CloudEvents HTTP binding 1.0), in either content mode:
 *
 * - binary: attributes in `ce-*` headers, the data as the JSON body. Eventarc delivers this way,
 *   for Cloud Storage and for Pub/Sub (`messagePublished`) triggers alike;
 * - structured: the whole event as an `application/cloudevents+json` body.
 *
 * Event functions are registered with functions-framework's `http` signature (so they see the
 * caller's token), so they parse the event here instead of in the framework.
 */
const AttributesSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(1024),
  type: z.string().min(1).max(1024),
  source: z.string().min(1).max(4096),
  subject: z.string().min(1).max(4096).optional(),
  time: z.iso.datetime({ offset: true }).optional(),
});

export type CloudEventAttributes = z.infer<typeof AttributesSchema>;

export interface ReceivedCloudEvent extends CloudEventAttributes {
  data: unknown;
}

export const STRUCTURED_MEDIA_TYPE = 'application/cloudevents+json';

const attributeNames = Object.keys(AttributesSchema.shape);

/** Header values are percent-encoded where they leave printable ASCII (binding §3.1.3.2). */
function headerValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `prefix` says where the attributes were: `body.` (structured) or `headers.ce-` (binary). */
function attributes(raw: Record<string, unknown>, prefix: string): CloudEventAttributes {
  const parsed = AttributesSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    path: `${prefix}${issue.path.map(String).join('.')}`,
    message: issue.message,
  }));
  throw invalidArgument(`Invalid CloudEvent: ${details[0]?.path}: ${details[0]?.message}`, details);
}

/** True when the request is in structured mode (its media type says so). */
export function isStructured(headers: IncomingHttpHeaders): boolean {
  return (headers['content-type'] ?? '').toLowerCase().startsWith(STRUCTURED_MEDIA_TYPE);
}

/**
 * The event a request carries, given its parsed JSON body. Throws `invalid_argument` (with the
 * attribute's path) for anything that is not a CloudEvent 1.0.
 */
export function cloudEventFrom(headers: IncomingHttpHeaders, body: unknown): ReceivedCloudEvent {
  if (isStructured(headers)) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw invalidArgument('A structured CloudEvent must be a JSON object', [
        { path: 'body', message: 'Expected an object' },
      ]);
    }
    const event = body as Record<string, unknown>;
    if ('data_base64' in event) {
      throw invalidArgument('Binary event data is not accepted', [
        { path: 'body.data_base64', message: 'Expected JSON data in `data`' },
      ]);
    }
    return { ...attributes(event, 'body.'), data: event.data };
  }
  if (headers['ce-specversion'] === undefined) {
    throw invalidArgument(
      'Not a CloudEvent: expected ce-* headers (binary mode) or an application/cloudevents+json body',
      [{ path: 'headers.ce-specversion', message: 'Required' }],
    );
  }
  const raw: Record<string, unknown> = {};
  for (const name of attributeNames) {
    const value = headerValue(headers[`ce-${name}`]);
    if (value !== undefined) raw[name] = value;
  }
  return { ...attributes(raw, 'headers.ce-'), data: body };
}
