import { buildFunctions } from '../../functions/definitions';
import { createServices } from '../../functions/services';
import { parseConfig } from '../../shared/config';

/**
 * Every function definition, over services that are never used: building them creates no
 * client (everything is built on first use), so unit tests can inspect routes and triggers.
 */
export const allFunctions = buildFunctions(
  createServices(parseConfig({ GOOGLE_CLOUD_PROJECT: 'demo-pathwise' })),
);
