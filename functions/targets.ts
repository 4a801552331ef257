import type { FunctionDefinition } from '../shared/platform/functions';
import type * as ApiDocs from './api-docs';
import type * as Definitions from './definitions';
import type { FunctionFactory, Services } from './services';

/** The API document is built over every other function's routes, which it loads when first asked. */
const API_DOCS = 'apiDocs';

/** The module of function `name`: `./<kebab-case name>` (catalogApi → ./catalog-api). */
export function factoryModule(name: string): string {
  return `./${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
}

/**
 * The factory of function `name`, from its own module alone. Every function's module follows
 * the naming rule (a test holds them to it), so a new function needs no entry here.
 */
export function loadFactory(name: string): FunctionFactory {
  let exports: Record<string, unknown>;
  try {
    exports = module.require(factoryModule(name)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`No module ${factoryModule(name)} for function ${name}`, { cause: error });
  }
  const factory = exports[name];
  if (typeof factory !== 'function') {
    throw new Error(`Module ${factoryModule(name)} exports no factory named ${name}`);
  }
  return factory as FunctionFactory;
}

/**
 * What a process registers. Cloud Run serves one function per service and names it in
 * `FUNCTION_TARGET` (functions-framework's target): only that function's module is loaded, and
 * its services load their features on first use, so a cold start loads what the function uses.
 * Without a target, every function (one process serving all of them).
 */
export function buildTarget(services: Services, target: string | undefined): FunctionDefinition[] {
  const definitions = () => module.require('./definitions') as typeof Definitions;
  if (target === undefined) return definitions().buildFunctions(services);
  if (target === API_DOCS) {
    const { apiDocs } = module.require('./api-docs') as typeof ApiDocs;
    return [apiDocs(services, () => definitions().buildProduct(services))];
  }
  return [loadFactory(target)(services)];
}
