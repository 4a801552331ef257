import { z } from 'zod';
import { FaultPoints } from './platform/faults';
import { emailSettingsFromEnv, type EmailSettings } from './email/settings';
import { LrsEnvSchema, lrsConfig, lrsCredentialsIssue } from './xapi/lrs-config';
import { bucketName, serviceAccountEmail, TaskTargets, type TaskTargetName } from './triggers';

/**
 * Variables that point clients at local emulators. firebase-admin accepts unsigned ID tokens
 * while FIREBASE_AUTH_EMULATOR_HOST is set, and every client talks to whatever host these name,
 * so a deployed function must never start with one of them (or with local OIDC certs).
 */
export const LOCAL_ONLY_VARIABLES = [
  'FIREBASE_AUTH_EMULATOR_HOST',
  'FIRESTORE_EMULATOR_HOST',
  'PUBSUB_EMULATOR_HOST',
  'STORAGE_EMULATOR_HOST',
  'CLOUD_TASKS_EMULATOR_HOST',
  'PATHWISE_LOCAL_OIDC_CERTS',
  'PATHWISE_FAULTS',
] as const;

/** Key id → PEM public key or certificate: the format of Google's `oauth2/v1/certs`. */
const PemCertsSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Expected JSON: {"<key id>": "<PEM>"}' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .record(
        z.string().min(1),
        z.string().regex(/^-----BEGIN (PUBLIC KEY|CERTIFICATE)-----/, 'Expected a PEM public key'),
      )
      .refine((certs) => Object.keys(certs).length > 0, 'Expected at least one key'),
  );

/**
 * Runtime configuration, read once from the environment by a composition root (the deployed
 * functions' `functions/services.ts`, the local stack, scripts) and handed to everything else.
 * Locally the stack builds it with the emulator settings; in the cloud the deploy plan sets the
 * PATHWISE_* variables and Cloud Run sets the rest.
 */
const EnvSchema = z
  .object({
    GOOGLE_CLOUD_PROJECT: z.string().min(1).optional(),
    GCLOUD_PROJECT: z.string().min(1).optional(),
    FUNCTION_REGION: z.string().min(1).default('us-central1'),
    PATHWISE_SUBMISSIONS_BUCKET: z.string().min(3).optional(),
    PATHWISE_CERTIFICATES_BUCKET: z.string().min(3).optional(),
    /**
     * The public origin people reach Pathwise at (Hosting): certificates print verification URLs
     * under it and the credential's issuer lives there. Locally the functions host's origin.
     */
    PATHWISE_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Who issues certificates, as printed and as the credential's issuer name. */
    PATHWISE_ISSUER_NAME: z.string().trim().min(1).max(100).default('Pathwise'),
    /**
     * How many proxies in front of the functions append to X-Forwarded-For: the client address
     * for per-address rate limits is that many entries from the right (0: the socket's peer).
     */
    PATHWISE_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(1),
    PATHWISE_TASKS_LOCATION: z.string().min(1).optional(),
    /** Where functions are reached by name, `{base}/{name}` (the local stack's host). */
    PATHWISE_FUNCTIONS_BASE_URL: z.url().optional(),
    /**
     * The deployed URL of the expiry task handler (its `run.app` URL, set by the deploy plan):
     * Cloud Tasks calls it with a token for this audience. `{base}/expireUpload` when unset.
     */
    [TaskTargets.expireUpload.urlVariable]: z.url().optional(),
    [TaskTargets.startGeneration.urlVariable]: z.url().optional(),
    [TaskTargets.sendWeeklyReport.urlVariable]: z.url().optional(),
    [TaskTargets.applyWeeklyAdjustment.urlVariable]: z.url().optional(),
    [TaskTargets.pushStatement.urlVariable]: z.url().optional(),
    ...LrsEnvSchema.shape,
    /** Service account that signs URLs and OIDC tokens for Cloud Tasks. */
    PATHWISE_SERVICE_ACCOUNT: z.string().min(3).optional(),
    /** Identity whose OIDC token Cloud Tasks presents to task handlers. */
    PATHWISE_TASKS_INVOKER: z.string().min(3).optional(),
    /** Identity whose OIDC token Eventarc (and Pub/Sub push) presents to event functions. */
    PATHWISE_TRIGGER_INVOKER: z.string().min(3).optional(),
    /**
     * The local stack's OIDC signing keys, which service-caller tokens are verified against
     * instead of Google's published certs. Never set in the cloud (a deployed function refuses to
     * start with it).
     */
    PATHWISE_LOCAL_OIDC_CERTS: PemCertsSchema.optional(),
    /** Set by Cloud Run in every deployed service (its name); never locally. */
    K_SERVICE: z.string().min(1).optional(),
    /**
     * Private key (PEM) of PATHWISE_SERVICE_ACCOUNT for signing URLs locally. Unset in the cloud,
     * where the client signs through IAM signBlob with the function's own identity.
     */
    PATHWISE_SIGNING_KEY: z.string().includes('PRIVATE KEY').optional(),
    PATHWISE_UPLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(1).max(604800).default(900),
    PATHWISE_UPLOAD_EXPIRY_GRACE_SECONDS: z.coerce.number().int().min(0).max(86400).default(300),
    PATHWISE_DOWNLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(1).max(604800).default(3600),
    CLOUD_TASKS_EMULATOR_HOST: z.string().min(3).optional(),
    STORAGE_EMULATOR_HOST: z.string().min(3).optional(),
    /**
     * Who reviews submissions: every instructor (seed 000) or only each pathway's staff (its
     * owner, co-instructors and reviewers).
     */
    PATHWISE_REVIEW_SCOPE: z.enum(['all_instructors', 'pathway_staff']).default('all_instructors'),
    PATHWISE_LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR']).default('INFO'),
    /** The fault suite's crash points, comma-separated (shared/platform/faults.ts); local only. */
    PATHWISE_FAULTS: z
      .string()
      .default('')
      .transform((v) => v.split(',').filter((p) => p.trim().length > 0))
      .pipe(z.array(z.enum(FaultPoints))),
    /**
     * The project's Web API key (public: every web client carries it), which Identity Toolkit's
     * REST API wants on the sign-in and token calls `/api/v1/auth/*` make for seed 003 clients.
     */
    PATHWISE_FIREBASE_API_KEY: z.string().min(1).optional(),
    FIREBASE_AUTH_EMULATOR_HOST: z.string().min(3).optional(),
    /**
     * Who writes generated courses: the deterministic rules (the default, and what tests use) or
     * a Gemini model on Vertex AI for quiz questions (every answer still checked against its quote).
     */
    PATHWISE_COURSE_GENERATOR: z.enum(['deterministic', 'vertex-gemini']).default('deterministic'),
    PATHWISE_GEMINI_MODEL: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{0,62}$/, 'Expected a Vertex AI model id such as gemini-2.5-flash')
      .default('gemini-2.5-flash'),
    /** Vertex AI location of the model; the functions' region when unset. */
    PATHWISE_GEMINI_LOCATION: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'Expected a location such as us-central1 or global')
      .optional(),
    /** The Vertex AI endpoint; derived from the location when unset (a local server in tests). */
    PATHWISE_GEMINI_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * The HMAC key that turns a deleted account's uid into the pseudonymous id its audit entries,
     * submissions and deletion record keep (at least 32 characters; a Secret Manager secret).
     */
    PATHWISE_PSEUDONYM_SECRET: z.string().min(32).optional(),
    /** Set by npm scripts; the API document's version. */
    npm_package_version: z.string().min(1).default('0.1.0'),
  })
  .transform((env, ctx) => {
    const projectId = env.GOOGLE_CLOUD_PROJECT ?? env.GCLOUD_PROJECT;
    if (!projectId) {
      ctx.addIssue({
        code: 'custom',
        path: ['GOOGLE_CLOUD_PROJECT'],
        message: 'GOOGLE_CLOUD_PROJECT (or GCLOUD_PROJECT) must name the project',
      });
      return z.NEVER;
    }
    const lrsIssue = lrsCredentialsIssue(env);
    if (lrsIssue) {
      ctx.addIssue({ code: 'custom', ...lrsIssue });
      return z.NEVER;
    }
    const region = env.FUNCTION_REGION;
    const functionsBaseUrl =
      env.PATHWISE_FUNCTIONS_BASE_URL ?? `https://${region}-${projectId}.cloudfunctions.net`;
    return {
      projectId,
      region,
      submissionsBucket: env.PATHWISE_SUBMISSIONS_BUCKET ?? bucketName('submissions', projectId),
      certificatesBucket: env.PATHWISE_CERTIFICATES_BUCKET ?? bucketName('certificates', projectId),
      publicBaseUrl: (env.PATHWISE_PUBLIC_URL ?? `https://${projectId}.web.app`).replace(
        /\/+$/,
        '',
      ),
      issuerName: env.PATHWISE_ISSUER_NAME,
      trustedProxyHops: env.PATHWISE_TRUSTED_PROXY_HOPS,
      tasksLocation: env.PATHWISE_TASKS_LOCATION ?? region,
      functionsBaseUrl,
      /** Task handler → the URL its tasks are sent to (and the audience of their tokens). */
      taskTargetUrls: Object.fromEntries(
        Object.values(TaskTargets).map((t) => [
          t.functionName,
          env[t.urlVariable] ?? `${functionsBaseUrl}/${t.functionName}`,
        ]),
      ) as Record<TaskTargetName, string>,
      serviceAccount: env.PATHWISE_SERVICE_ACCOUNT ?? serviceAccountEmail('api', projectId),
      tasksInvoker: env.PATHWISE_TASKS_INVOKER ?? serviceAccountEmail('tasks-invoker', projectId),
      triggerInvoker:
        env.PATHWISE_TRIGGER_INVOKER ?? serviceAccountEmail('trigger-invoker', projectId),
      localOidcCerts: env.PATHWISE_LOCAL_OIDC_CERTS,
      cloudRunService: env.K_SERVICE,
      signingKey: env.PATHWISE_SIGNING_KEY,
      uploadUrlTtlSeconds: env.PATHWISE_UPLOAD_URL_TTL_SECONDS,
      uploadExpiryGraceSeconds: env.PATHWISE_UPLOAD_EXPIRY_GRACE_SECONDS,
      downloadUrlTtlSeconds: env.PATHWISE_DOWNLOAD_URL_TTL_SECONDS,
      tasksEmulatorHost: env.CLOUD_TASKS_EMULATOR_HOST,
      storageEmulatorHost: env.STORAGE_EMULATOR_HOST,
      reviewScope: env.PATHWISE_REVIEW_SCOPE,
      logLevel: env.PATHWISE_LOG_LEVEL,
      faults: env.PATHWISE_FAULTS,
      firebaseApiKey: env.PATHWISE_FIREBASE_API_KEY,
      authEmulatorHost: env.FIREBASE_AUTH_EMULATOR_HOST,
      courseGenerator: courseGeneratorConfig(env, projectId, region),
      pseudonymSecret: env.PATHWISE_PSEUDONYM_SECRET,
      lrs: lrsConfig(env),
      apiVersion: env.npm_package_version,
    };
  });

export type Config = Readonly<
  z.output<typeof EnvSchema> & {
    /**
     * Mail settings (links, brand, unsubscribe secrets); null when the unsubscribe secrets are
     * not set, which only a local tool may do: a deployed service refuses to start without them.
     */
    email: EmailSettings | null;
  }
>;

interface GeneratorEnv {
  PATHWISE_COURSE_GENERATOR: 'deterministic' | 'vertex-gemini';
  PATHWISE_GEMINI_MODEL: string;
  PATHWISE_GEMINI_LOCATION?: string | undefined;
  PATHWISE_GEMINI_ENDPOINT?: string | undefined;
}

export type CourseGeneratorConfig =
  | { kind: 'deterministic' }
  | { kind: 'vertex-gemini'; model: string; location: string; projectId: string; endpoint: string };

function courseGeneratorConfig(
  env: GeneratorEnv,
  projectId: string,
  region: string,
): CourseGeneratorConfig {
  if (env.PATHWISE_COURSE_GENERATOR === 'deterministic') return { kind: 'deterministic' };
  const location = env.PATHWISE_GEMINI_LOCATION ?? region;
  const host =
    location === 'global' ? 'aiplatform.googleapis.com' : `${location}-aiplatform.googleapis.com`;
  return {
    kind: 'vertex-gemini',
    model: env.PATHWISE_GEMINI_MODEL,
    location,
    projectId,
    endpoint: env.PATHWISE_GEMINI_ENDPOINT ?? `https://${host}`,
  };
}

/**
 * Cloud Run sets K_SERVICE in every deployed service and nothing local sets it: a deployed
 * process with an emulator or local-certs variable stops here, before it serves anything.
 */
export function refuseLocalSettingsWhenDeployed(env: NodeJS.ProcessEnv): void {
  const service = env.K_SERVICE;
  if (!service) return;
  const present = LOCAL_ONLY_VARIABLES.filter((name) => env[name] !== undefined);
  if (present.length === 0) return;
  throw new Error(
    `Refusing to start: K_SERVICE=${service} says this is a deployed Cloud Run service, but ` +
      `${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set. These point clients ` +
      'at local emulators and make token checks trust local keys or unsigned tokens; remove ' +
      'them from the service.',
  );
}

/** Reads and checks the configuration; a bad variable stops the process at start, named. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  refuseLocalSettingsWhenDeployed(env);
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  if (env.K_SERVICE && !env.PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS) {
    throw new Error(
      'Invalid configuration: PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS must be set in a deployed service',
    );
  }
  const email = env.PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS ? emailSettingsFromEnv(env) : null;
  return Object.freeze({ ...parsed.data, email });
}
