export default async function globalTeardown(): Promise<void> {
  await globalThis.__PATHWISE_STACK__?.stop();
}
