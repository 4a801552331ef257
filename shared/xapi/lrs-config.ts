import { z } from 'zod';

/** The variables that configure the push of statements to an external LRS, per deployment. */
export const LrsEnvSchema = z.object({
  /**
   * An external LRS's xAPI endpoint (its base, under which `statements` lives): every statement
   * is also pushed there. No push when unset.
   */
  PATHWISE_LRS_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'Expected the LRS endpoint as an http(s) URL' })
    .optional(),
  /** The LRS's Basic-auth credentials (its key and secret); the password is a secret. */
  PATHWISE_LRS_USERNAME: z.string().min(1).optional(),
  PATHWISE_LRS_PASSWORD: z.string().min(1).optional(),
});

type LrsEnv = z.output<typeof LrsEnvSchema>;

/** Where statements are pushed; null when no LRS is configured. */
export interface LrsConfig {
  /** The xAPI base URL, without a trailing slash. */
  endpoint: string;
  credentials: { username: string; password: string } | null;
}

/** Credentials are a pair: one without the other is a misconfiguration, named precisely. */
export function lrsCredentialsIssue(env: LrsEnv): { path: string[]; message: string } | null {
  if (Boolean(env.PATHWISE_LRS_USERNAME) === Boolean(env.PATHWISE_LRS_PASSWORD)) return null;
  return {
    path: [env.PATHWISE_LRS_USERNAME ? 'PATHWISE_LRS_PASSWORD' : 'PATHWISE_LRS_USERNAME'],
    message: 'PATHWISE_LRS_USERNAME and PATHWISE_LRS_PASSWORD are set together or not at all',
  };
}

export function lrsConfig(env: LrsEnv): LrsConfig | null {
  if (!env.PATHWISE_LRS_ENDPOINT) return null;
  const { PATHWISE_LRS_USERNAME: username, PATHWISE_LRS_PASSWORD: password } = env;
  return {
    endpoint: env.PATHWISE_LRS_ENDPOINT.replace(/\/+$/, ''),
    credentials: username && password ? { username, password } : null,
  };
}
