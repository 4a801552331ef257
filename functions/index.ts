import { buildFunctions } from './definitions';
import { registerFunctions } from './register';
import { servicesFromEnvironment } from './services';

/** The deployed entry point: every function, over services configured from the environment. */
export const allFunctions = buildFunctions(servicesFromEnvironment());
registerFunctions(allFunctions);
