import type { AppError } from '../../../shared/errors';
import {
  allowedTransitions,
  assertTransition,
  canTransition,
  ProjectStatuses,
} from '../../../shared/generation/status';

function refusal(run: () => void): AppError {
  try {
    run();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('project status machine', () => {
  it('lets the pipeline run draft → generating → ready | failed, and retry after a failure', () => {
    expect(canTransition('draft', 'generating', 'pipeline')).toBe(true);
    expect(canTransition('generating', 'ready', 'pipeline')).toBe(true);
    expect(canTransition('generating', 'failed', 'pipeline')).toBe(true);
    expect(canTransition('failed', 'generating', 'pipeline')).toBe(true);
    expect(canTransition('ready', 'generating', 'pipeline')).toBe(true);
    expect(canTransition('draft', 'ready', 'pipeline')).toBe(false);
    expect(canTransition('published', 'generating', 'pipeline')).toBe(false);
  });

  it('lets an owner publish a ready course, nothing else', () => {
    const owner = ProjectStatuses.flatMap((from) =>
      allowedTransitions(from, 'owner').map((to) => `${from}→${to}`),
    );
    expect(owner).toEqual(['ready→published']);
  });

  it.each(ProjectStatuses.filter((s) => s !== 'generating'))(
    'refuses generating by hand from %s with a 409 naming what is allowed',
    (from) => {
      const error = refusal(() => assertTransition(from, 'generating', 'owner'));
      expect(error.code).toBe('failed_precondition');
      expect(error.message).toContain('set by starting a generation');
      const allowed = allowedTransitions(from, 'owner');
      expect(error.details).toEqual([
        {
          path: 'status',
          message: `allowed transitions from ${from}: ${allowed.length ? allowed.join(', ') : 'none'}`,
        },
      ]);
    },
  );

  it('refuses publishing a course that is not ready', () => {
    const error = refusal(() => assertTransition('failed', 'published', 'owner'));
    expect(error.message).toBe(
      'Invalid status change: a project cannot go from failed to published; allowed from failed: none',
    );
  });

  it('treats keeping the same status as no change', () => {
    for (const s of ProjectStatuses) expect(() => assertTransition(s, s, 'owner')).not.toThrow();
  });
});
