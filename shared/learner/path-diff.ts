import type { LearningPath, PathStep } from './paths';

/**
 * "How did my path change and why": the difference between two stored versions of a goal's
 * learning path (`learningPaths/{goal}/versions/{n}`), each change with a sentence. Both versions
 * carry their gaps, so a step that left is explained by what the learner reached meanwhile.
 */

export type PathChange =
  | { kind: 'added'; id: string; title: string; sequence: number; reason: string }
  | { kind: 'removed'; id: string; title: string; reason: string }
  | { kind: 'moved'; id: string; title: string; from: number; to: number; reason: string }
  | { kind: 'hours'; id: string; title: string; from: number; to: number; reason: string };

export interface PathDiff {
  changes: PathChange[];
  gaps_closed: string[];
  gaps_opened: string[];
  summary: string;
}

export function diffLearningPaths(
  before: LearningPath,
  after: LearningPath,
  completedPathways: readonly string[],
): PathDiff {
  const old = new Map(before.learning_path.map((s) => [s.id, s]));
  const now = new Map(after.learning_path.map((s) => [s.id, s]));
  const gapsBefore = new Set(before.metadata.gaps.map((g) => g.skill_id));
  const gapsAfter = new Set(after.metadata.gaps.map((g) => g.skill_id));
  const completed = new Set(completedPathways);
  const changes: PathChange[] = [];

  for (const step of before.learning_path) {
    if (now.has(step.id)) continue;
    changes.push({
      kind: 'removed',
      id: step.id,
      title: step.title,
      reason: whyRemoved(step, completed, gapsAfter, after),
    });
  }
  for (const step of after.learning_path) {
    const was = old.get(step.id);
    if (!was) {
      changes.push({
        kind: 'added',
        id: step.id,
        title: step.title,
        sequence: step.sequence,
        reason: `Added: ${step.reason}`,
      });
      continue;
    }
    if (was.sequence !== step.sequence)
      changes.push({
        kind: 'moved',
        id: step.id,
        title: step.title,
        from: was.sequence,
        to: step.sequence,
        reason: `Moved from step ${was.sequence} to ${step.sequence} as the steps around it changed`,
      });
    if (was.estimated_hours !== step.estimated_hours)
      changes.push({
        kind: 'hours',
        id: step.id,
        title: step.title,
        from: was.estimated_hours,
        to: step.estimated_hours,
        reason:
          step.estimated_hours < was.estimated_hours
            ? `${was.estimated_hours - step.estimated_hours} hours of it are done`
            : `${step.estimated_hours - was.estimated_hours} more hours than before`,
      });
  }
  const gapsClosed = [...gapsBefore].filter((s) => !gapsAfter.has(s)).sort();
  const gapsOpened = [...gapsAfter].filter((s) => !gapsBefore.has(s)).sort();
  const count = (kind: PathChange['kind']) => changes.filter((c) => c.kind === kind).length;
  const summary =
    changes.length === 0 && gapsClosed.length === 0 && gapsOpened.length === 0
      ? 'No change'
      : [
          count('added') > 0 ? `${count('added')} added` : '',
          count('removed') > 0 ? `${count('removed')} removed` : '',
          count('moved') > 0 ? `${count('moved')} moved` : '',
          gapsClosed.length > 0 ? `gaps closed: ${gapsClosed.join(', ')}` : '',
          gapsOpened.length > 0 ? `new gaps: ${gapsOpened.join(', ')}` : '',
          `${before.metadata.total_hours} → ${after.metadata.total_hours} hours`,
        ]
          .filter(Boolean)
          .join('; ');
  return { changes, gaps_closed: gapsClosed, gaps_opened: gapsOpened, summary };
}

function whyRemoved(
  step: PathStep,
  completed: ReadonlySet<string>,
  gapsAfter: ReadonlySet<string>,
  after: LearningPath,
): string {
  if (completed.has(step.id)) return 'Completed';
  const reached = step.closes_gaps.filter((s) => !gapsAfter.has(s));
  if (step.closes_gaps.length > 0 && reached.length === step.closes_gaps.length)
    return `No longer needed: ${reached.join(', ')} reached the goal's level`;
  const takenOver = step.closes_gaps.filter((s) => gapsAfter.has(s));
  const by = after.learning_path.filter((s) => s.closes_gaps.some((g) => takenOver.includes(g)));
  if (by.length > 0)
    return `Replaced: ${by.map((s) => s.title).join(', ')} now covers ${takenOver.join(', ')}`;
  return step.required
    ? 'No longer needed by any step of the path'
    : 'No longer suggested: the level it would confirm is now certain enough';
}
