import { log, LogEvent } from '../log';
import type { LearningPaths } from './learning-paths';
import type { LearnerModelRefold, RefoldResult } from './refold';

/**
 * What the event consumers do once a delivery's events are stored: refold the learner's model,
 * then, when a level band moved, plan again the stored paths of the goals that target it (a new
 * path version whose trigger names the change). A duplicate delivery folds nothing and so
 * replans nothing; a replan that finds the same plan stores nothing.
 */
export class LearnerModelUpdate {
  constructor(
    private readonly refold: LearnerModelRefold,
    private readonly paths: Pick<LearningPaths, 'replanForLevels'>,
  ) {}

  async afterStored(
    userId: string,
    eventIds: readonly string[],
  ): Promise<RefoldResult & { replanned: string[] }> {
    const result = await this.refold.refresh(userId, eventIds);
    if (result.level_changes.length === 0 || result.last_event_id === null)
      return { ...result, replanned: [] };
    const { replanned } = await this.paths.replanForLevels(
      userId,
      result.level_changes,
      result.last_event_id,
    );
    if (replanned.length > 0)
      log.info(LogEvent.learningPathReplanned, 'Levels changed: paths planned again', {
        user_id: userId,
        goal_ids: replanned,
        event_id: result.last_event_id,
      });
    return { ...result, replanned };
  }
}
