import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * zod's entry points (classic and mini alike) load every one of its ~60 locale modules for
 * `z.locales`, half of zod's start-up CPU; Pathwise speaks English only. zod takes its default
 * English messages from `locales/en` itself, so answering the locales index with this module
 * (English alone) leaves every message and error path as it was.
 */
export { default as en } from 'zod/v4/locales/en.cjs';

const LOCALES_INDEX = /\/node_modules\/zod\/v4\/locales\/index\.c?js$/;
const self = pathToFileURL(__filename).href;

const hooks = registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    return LOCALES_INDEX.test(resolved.url) ? { ...resolved, url: self } : resolved;
  },
});
// zod resolves its locale index once, while its entry loads. A registered hook runs for every
// later module resolution too and makes Node load sources through the hook chain: about 5% more
// start-up CPU and 7 MB more memory for each function (bench:cold-start), for nothing.
module.require('zod');
hooks.deregister();
