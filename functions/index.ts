// First: every later import of zod finds its locales answered with English alone.
import './english-zod';
import { registerFunctions } from './register';
import { servicesFromEnvironment } from './services';
import { buildTarget } from './targets';

/**
 * The deployed entry point: the function `FUNCTION_TARGET` names (every function without one),
 * over services configured from the environment.
 */
export const servedFunctions = buildTarget(servicesFromEnvironment(), process.env.FUNCTION_TARGET);
registerFunctions(servedFunctions);
