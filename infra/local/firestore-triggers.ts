/**
 * The two registrations behind local Firestore triggers (see firestore-delivery.ts): a trigger on
 * the Firestore emulator, which then POSTs an event for every matching write to the address given
 * by its `--functions_emulator` flag, and a project's claim at the trigger router listening there
 * (infra/local/trigger-router.mjs), which forwards the project's events to one stack's receiver.
 */

/** Registers (or registers again, harmlessly) a document trigger on the emulator. */
export async function registerTrigger(
  emulatorHost: string,
  projectId: string,
  trigger: { id: string; pattern: string; eventType: string },
): Promise<void> {
  const response = await fetch(
    `http://${emulatorHost}/emulator/v1/projects/${encodeURIComponent(projectId)}/eventarcTrigger?eventarcTriggerId=${encodeURIComponent(trigger.id)}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        eventType: trigger.eventType,
        database: '(default)',
        namespace: '(default)',
        document: { value: trigger.pattern, matchType: 'PATH_PATTERN' },
      }),
    },
  );
  await response.arrayBuffer();
  if (!response.ok)
    throw new Error(
      `The Firestore emulator refused the trigger of ${trigger.id} (HTTP ${response.status})`,
    );
}

/**
 * PUT routes the project's events to `receiverUrl`; DELETE releases them, if still routed there
 * (a stack started since keeps its claim).
 */
export async function claimProject(
  routerHost: string,
  projectId: string,
  receiverUrl: string,
  method: 'PUT' | 'DELETE',
): Promise<void> {
  const response = await fetch(`http://${routerHost}/routes/${encodeURIComponent(projectId)}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: receiverUrl }),
  });
  await response.arrayBuffer();
  if (!response.ok)
    throw new Error(
      `The trigger router at ${routerHost} refused ${method} for ${projectId} (HTTP ${response.status})`,
    );
}
