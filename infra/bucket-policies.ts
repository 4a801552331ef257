/**
 * The submissions bucket's CORS policy for a deployment: `infra/cors.json` (which the local
 * Storage emulator enforces as it is, for any origin) with the origins the operator allows, and a
 * refusal to deploy a policy that would block a header Pathwise's signed URLs ask for.
 */
import { z } from 'zod';
import { SIGNED_REQUEST_HEADERS } from '../shared/submissions/signed-urls';

const HttpMethodSchema = z.enum(['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'OPTIONS']);
type HttpMethod = z.infer<typeof HttpMethodSchema>;

const CorsRuleSchema = z.object({
  origin: z.array(z.string().min(1)).min(1),
  method: z.array(HttpMethodSchema).min(1),
  responseHeader: z.array(z.string().min(1)),
  maxAgeSeconds: z.number().int().min(0),
});
export const CorsPolicySchema = z.array(CorsRuleSchema).min(1);
export type CorsPolicy = z.infer<typeof CorsPolicySchema>;

/** An origin as browsers send it: scheme, host and optional port, nothing else. */
export const OriginSchema = z
  .string()
  .regex(
    /^https?:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/,
    'Expected an origin such as https://app.example.com or http://localhost:5000',
  );

/** The project's Hosting domains, and the Hosting emulator's default for development. */
export function defaultCorsOrigins(projectId: string): string[] {
  return [
    `https://${projectId}.web.app`,
    `https://${projectId}.firebaseapp.com`,
    'http://localhost:5000',
  ];
}

/** A request a signed URL makes a browser send: its method and the headers it must carry. */
export interface SignedRequest {
  method: HttpMethod;
  headers: readonly string[];
}

/** What Pathwise's signed URLs ask browsers to send (shared/submissions/signed-urls.ts). */
export const SIGNED_REQUESTS: readonly SignedRequest[] = [
  { method: 'PUT', headers: ['content-type', ...SIGNED_REQUEST_HEADERS.put] },
  { method: 'POST', headers: ['content-type', ...SIGNED_REQUEST_HEADERS.resumableStart] },
  // The resumable session: chunks carry their range.
  { method: 'PUT', headers: ['content-type', 'content-range'] },
  { method: 'GET', headers: [] },
];

/** Why a browser on `origin` could not make `request` under `policy`; empty when it can. */
export function corsRefusals(policy: CorsPolicy, origin: string, request: SignedRequest): string[] {
  const rules = policy.filter((r) => r.origin.includes(origin) || r.origin.includes('*'));
  if (rules.length === 0) return [`no rule allows origin ${origin}`];
  const byMethod = rules.filter((r) => r.method.includes(request.method));
  if (byMethod.length === 0) return [`no rule for ${origin} allows ${request.method}`];
  const allowed = new Set(byMethod.flatMap((r) => r.responseHeader.map((h) => h.toLowerCase())));
  return request.headers
    .filter((h) => !allowed.has(h.toLowerCase()))
    .map((h) => `${request.method} from ${origin}: header ${h} is not allowed`);
}

/**
 * The policy to deploy: the template's methods and headers for exactly these origins. Throws
 * when it would refuse any signed request from any of them.
 */
export function deployedCorsPolicy(template: unknown, origins: readonly string[]): CorsPolicy {
  const parsed = CorsPolicySchema.parse(template);
  const allowed = z.array(OriginSchema).min(1).parse(origins);
  const policy = parsed.map((rule) => ({ ...rule, origin: [...allowed] }));
  const refusals = allowed.flatMap((origin) =>
    SIGNED_REQUESTS.flatMap((request) => corsRefusals(policy, origin, request)),
  );
  if (refusals.length > 0) {
    throw new Error(`The bucket CORS policy would block signed URLs: ${refusals.join('; ')}`);
  }
  return policy;
}

/** The subset of Cloud Storage's lifecycle configuration Pathwise uses. */
export const LifecyclePolicySchema = z.object({
  rule: z
    .array(
      z.object({
        action: z.object({ type: z.literal('Delete') }),
        condition: z
          .object({
            age: z.number().int().min(0),
            matchesPrefix: z.array(z.string().min(1)).min(1),
          })
          .strict(),
      }),
    )
    .min(1),
});
export type LifecyclePolicy = z.infer<typeof LifecyclePolicySchema>;

/** Whether Cloud Storage deletes `objectName` once it is `ageDays` old (days since creation). */
export function lifecycleDeletes(
  policy: LifecyclePolicy,
  objectName: string,
  ageDays: number,
): boolean {
  return policy.rule.some(
    (rule) =>
      ageDays >= rule.condition.age &&
      rule.condition.matchesPrefix.some((prefix) => objectName.startsWith(prefix)),
  );
}
