import type { PathReplanEvent } from '../events';
import { log, LogEvent } from '../log';
import { crashPoint } from '../platform/faults';
import type { LearningPaths } from './learning-paths';
import type { LearnerModelRefold, RefoldResult } from './refold';

/**
 * What the learner model's consumers do. Once a delivery's events are stored, the model is
 * refolded; a refold that moved a level band stages a `path-replans` message in its own commit.
 * That message's consumer plans again the stored paths of the goals that target a changed skill
 * (a new path version whose trigger names the change). A duplicate of either delivery changes
 * nothing: a refold folds each event once, and a replan that finds the same plan stores nothing.
 */
export class LearnerModelUpdate {
  constructor(
    private readonly refold: LearnerModelRefold,
    private readonly paths: Pick<LearningPaths, 'replanForLevels'>,
  ) {}

  async afterStored(userId: string, eventIds: readonly string[]): Promise<RefoldResult> {
    const result = await this.refold.refresh(userId, eventIds);
    if (result.level_changes.length > 0) crashPoint('refold.afterCommit', userId);
    return result;
  }

  async replan(message: PathReplanEvent): Promise<{ replanned: string[] }> {
    const { replanned } = await this.paths.replanForLevels(
      message.user_id,
      message.changes,
      message.learner_event_id,
    );
    if (replanned.length > 0)
      log.info(LogEvent.learningPathReplanned, 'Levels changed: paths planned again', {
        user_id: message.user_id,
        goal_ids: replanned,
        event_id: message.learner_event_id,
      });
    return { replanned };
  }
}
