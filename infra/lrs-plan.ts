/**
 * The deploy plan's part of the optional LRS push: which functions get the LRS's endpoint and
 * username, and the password as a Secret Manager secret. The password is the LRS's, so the plan
 * never generates it: the operator creates the secret, and the plan stops with the command to do
 * so when it is missing.
 */
import { z } from 'zod';
import { serviceAccountEmail, TaskTargets } from '../shared/triggers';
import { LrsEnvSchema } from '../shared/xapi/lrs-config';

export const LRS_PASSWORD_SECRET = 'pathwise-lrs-password';

/** The functions that push: the trigger that queues each statement, and the task that sends it. */
export const LRS_FUNCTIONS: readonly string[] = [
  'indexStatement',
  TaskTargets.pushStatement.functionName,
];

export const LrsPlanSchema = z.strictObject({
  endpoint: LrsEnvSchema.shape.PATHWISE_LRS_ENDPOINT.unwrap().refine((url) => !url.includes(','), {
    message: 'The LRS endpoint cannot contain a comma (gcloud separates variables with commas)',
  }),
  username: z
    .string()
    .regex(/^[^,'"\s]+$/, 'Expected the LRS username without commas, quotes or spaces')
    .optional(),
});
export type LrsPlan = z.infer<typeof LrsPlanSchema>;

/** The variables a pushing function is deployed with. */
export function lrsEnv(fnName: string, lrs: LrsPlan | undefined): string[] {
  if (!lrs || !LRS_FUNCTIONS.includes(fnName)) return [];
  return [
    `PATHWISE_LRS_ENDPOINT=${lrs.endpoint}`,
    ...(lrs.username ? [`PATHWISE_LRS_USERNAME=${lrs.username}`] : []),
  ];
}

/** The secret a pushing function reads its password from, when the LRS has credentials. */
export function lrsSecrets(fnName: string, lrs: LrsPlan | undefined): string[] {
  if (!lrs?.username || !LRS_FUNCTIONS.includes(fnName)) return [];
  return [`PATHWISE_LRS_PASSWORD=${LRS_PASSWORD_SECRET}:latest`];
}

/** Before the functions: the operator's password secret must exist; the pushers may read it. */
export function lrsSecretCommands(projectId: string, lrs: LrsPlan | undefined): string[] {
  if (!lrs?.username) return [];
  const p = `--project=${projectId}`;
  const reader = serviceAccountEmail('events', projectId);
  return [
    `if ! gcloud secrets describe ${LRS_PASSWORD_SECRET} ${p} >/dev/null 2>&1; then`,
    `  echo "Create the Secret Manager secret ${LRS_PASSWORD_SECRET} holding the LRS password first (docs/deploy.md)" >&2`,
    '  exit 1',
    'fi',
    `# pathwise-events: read the LRS password (${LRS_FUNCTIONS.join(', ')})`,
    `retry gcloud secrets add-iam-policy-binding ${LRS_PASSWORD_SECRET} --member=serviceAccount:${reader} --role=roles/secretmanager.secretAccessor ${p}`,
  ];
}
