/** Express's application prototype, which every app created by `express()` copies. */
declare module 'express/lib/application' {
  const application: Record<string, unknown>;
  export default application;
}
