import type { z } from 'zod';
import type { Caller } from '../auth';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import type { SkillLevel } from './estimator';
import type { Preferences } from './model';
import { emptyModel, gapsAt, levelsAt } from './model-state';
import type { ProfileRepository } from './profile-repository';
import type { PreferencesPatchSchema, ProfileSchema } from './schemas';

export const DEFAULT_PREFERENCES: Preferences = { weekly_hours: 5, timezone: 'UTC' };

/** Five named pairs of the ten bands, for people; the level itself is the band. */
export function bandName(level: number): string {
  return ['novice', 'beginner', 'intermediate', 'advanced', 'expert'][
    Math.min(4, Math.floor((level - 1) / 2))
  ] as string;
}

const withBand = (l: SkillLevel) => ({ ...l, band: bandName(l.level) });

/**
 * The learner's profile (seed 003's `learner_profiles`): skill levels with their confidence,
 * evidence and explanation, the gaps against goals and assessments, and preferences. The model
 * is folded by the event consumer; reading it only applies forgetting up to now, a pure function
 * of the stored estimates and the clock, so an unpractised skill shows its decay.
 */
export class LearnerProfiles {
  constructor(
    private readonly repo: ProfileRepository,
    private readonly clock: () => Date,
  ) {}

  async get(
    caller: Caller,
    _params: NoInput,
    _query: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof ProfileSchema>> {
    const doc = await this.repo.profile(caller.uid);
    const model = doc?.model ?? emptyModel();
    const now = this.clock();
    const levels = levelsAt(model.estimates, now);
    return {
      user_id: caller.uid,
      skill_levels: Object.fromEntries(
        Object.entries(levels).map(([skill, level]) => [skill, withBand(level)]),
      ),
      knowledge_gaps: gapsAt(model, now),
      preferences: doc?.preferences ?? DEFAULT_PREFERENCES,
      events_folded: model.events_folded,
      last_event_id: model.last_event_id,
      model_updated_at: doc?.model_updated_at ?? null,
      as_of: now.toISOString(),
    };
  }

  async updatePreferences(
    caller: Caller,
    params: NoInput,
    input: z.output<typeof PreferencesPatchSchema>,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof ProfileSchema>> {
    const current = (await this.repo.profile(caller.uid))?.preferences ?? DEFAULT_PREFERENCES;
    await this.repo.setPreferences(caller.uid, {
      weekly_hours: input.weekly_hours ?? current.weekly_hours,
      timezone: input.timezone ?? current.timezone,
    });
    return this.get(caller, params, {}, ctx);
  }
}
