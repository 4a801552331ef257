import type { CourseGeneratorConfig } from '../config';
import { GeminiClient, type AccessTokenSource } from './gemini-client';
import { GeminiCourseGenerator } from './gemini-generator';
import { deterministicGenerator, type CourseGenerator } from './generator';

/** The course generator the configuration selects (`PATHWISE_COURSE_GENERATOR`). */
export function selectCourseGenerator(
  config: CourseGeneratorConfig,
  token: AccessTokenSource,
  fetchFn: typeof fetch = fetch,
): CourseGenerator {
  if (config.kind === 'deterministic') return deterministicGenerator;
  const client = new GeminiClient(config, token, fetchFn);
  return new GeminiCourseGenerator(client, config.model);
}
