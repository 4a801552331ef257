import type { Caller } from '../auth';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import { weeklyAdjustment } from './adjustment';
import { adjustmentWeekAt } from './adjustment-week';
import { dayView, type DayBucket } from './bucket';
import { engagementPatterns } from './engagement';
import { aiInsights } from './insights';
import type { LearnerModelReader } from './learner-model';
import { learningPace } from './pace';
import { performanceSummary } from './performance';
import type { AnalyticsRepository } from './repository';
import type { DashboardQuery, DashboardSchema, LearningAnalyticsSchema } from './schemas';
import { revisionRecommendations, strugglingTopics } from './struggling';
import { emptySummaryDoc, summaryView, type AnalyticsSummary } from './summary';
import { addDays, localDay, windowDays } from './time';

const NEXT_LESSONS = 5;

interface Window {
  summary: AnalyticsSummary;
  days: DayBucket[];
  first: string;
  today: string;
  size: number;
  weeklyTargetHours: number | null;
}

/**
 * The learner's dashboard and analytics, served from the pre-aggregated documents: the summary,
 * the window's day documents (at most one per day of the window), one query of the learner
 * model's recommendations and the profile — a constant number of reads whatever the length of
 * the learner's history. All in one parallel round trip: the days are fetched from a day early
 * enough for any timezone and cut to the learner's local window once the summary names it.
 */
export class LearnerDashboard {
  constructor(
    private readonly repo: AnalyticsRepository,
    private readonly learnerModel: LearnerModelReader,
    private readonly clock: () => Date,
  ) {}

  private async window(uid: string, size: number, withLessons: boolean) {
    const now = this.clock();
    const earliest = addDays(localDay(now, 'UTC'), -size);
    const [stored, weeklyTargetHours, lessons] = await Promise.all([
      this.repo.window(uid, earliest),
      this.learnerModel.weeklyTargetHours(uid),
      withLessons ? this.learnerModel.nextLessons(uid, NEXT_LESSONS) : Promise.resolve([]),
    ]);
    const summary = summaryView(stored.summary ?? emptySummaryDoc(uid, 'UTC'));
    const { first, today } = windowDays(now, summary.timezone, size);
    const days = stored.days.filter((d) => d.date >= first && d.date <= today).map(dayView);
    const window: Window = { summary, days, first, today, size, weeklyTargetHours };
    return { window, lessons };
  }

  async dashboard(
    caller: Caller,
    _params: NoInput,
    query: DashboardQuery,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof DashboardSchema>> {
    const { window: w, lessons } = await this.window(caller.uid, query.days, true);
    const performance = performanceSummary(w.days, w.summary, w.today);
    const struggling = strugglingTopics(w.days);
    const pace = learningPace(w.days, {
      today: w.today,
      windowDays: w.size,
      weeklyTargetHours: w.weeklyTargetHours,
    });
    return {
      performance_summary: performance,
      current_goals: Object.values(w.summary.goals)
        .filter((g) => g.status === 'active')
        .sort((a, b) => (a.set_at < b.set_at ? -1 : a.set_at > b.set_at ? 1 : 0))
        .map(({ event_id: _e, ...goal }) => goal),
      recommended_next_lessons: lessons,
      revision_recommendations: revisionRecommendations(w.days),
      struggling_topics: struggling,
      ai_insights: aiInsights({
        performance,
        engagement: engagementPatterns(w.days),
        struggling,
        pace,
      }),
    };
  }

  async analytics(
    caller: Caller,
    _params: NoInput,
    query: DashboardQuery,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof LearningAnalyticsSchema>> {
    const { window: w } = await this.window(caller.uid, query.days, false);
    const input = { today: w.today, windowDays: w.size, weeklyTargetHours: w.weeklyTargetHours };
    const stored = await this.repo.adjustment(
      caller.uid,
      adjustmentWeekAt(this.clock(), w.summary.timezone).week,
    );
    return {
      window: { days: w.size, first_day: w.first, today: w.today, timezone: w.summary.timezone },
      performance_summary: performanceSummary(w.days, w.summary, w.today),
      engagement_patterns: engagementPatterns(w.days),
      struggling_topics: strugglingTopics(w.days),
      learning_pace: learningPace(w.days, input),
      // The weekly job's adjustment for this week once it is made; until then, today's view.
      weekly_adjustment: stored
        ? {
            week: stored.week,
            week_ending: stored.week_ending,
            adjustments: stored.adjustments,
            made_at: stored.made_at,
          }
        : { week: null, ...weeklyAdjustment(w.days, input), made_at: null },
    };
  }
}
