import fc from 'fast-check';
import {
  assertTransition,
  ProjectStatuses,
  type ProjectStatus,
  type TransitionActor,
} from '../../../shared/generation/status';

/** The course project's state machine under any sequence of requested status changes. */
const requestsArb = fc.array(
  fc.record({
    to: fc.constantFrom(...ProjectStatuses),
    actor: fc.constantFrom<TransitionActor>('pipeline', 'owner'),
  }),
  { maxLength: 30 },
);

function play(requests: { to: ProjectStatus; actor: TransitionActor }[]) {
  const path: { from: ProjectStatus; to: ProjectStatus; actor: TransitionActor }[] = [];
  let status: ProjectStatus = 'draft';
  for (const { to, actor } of requests) {
    try {
      assertTransition(status, to, actor);
    } catch {
      continue;
    }
    if (to !== status) path.push({ from: status, to, actor });
    status = to;
  }
  return path;
}

describe('project status machine properties', () => {
  it('lets only the pipeline move a project into or out of generating', () => {
    fc.assert(
      fc.property(requestsArb, (requests) => {
        for (const move of play(requests)) {
          if (move.from === 'generating' || move.to === 'generating')
            expect(move.actor).toBe('pipeline');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('publishes only a ready project, and a published project never changes again', () => {
    fc.assert(
      fc.property(requestsArb, (requests) => {
        const path = play(requests);
        path.forEach((move, i) => {
          if (move.to === 'published') {
            expect(move.from).toBe('ready');
            expect(path.slice(i + 1)).toEqual([]);
          }
          if (move.to === 'ready' || move.to === 'failed') expect(move.from).toBe('generating');
        });
      }),
      { numRuns: 500 },
    );
  });
});
