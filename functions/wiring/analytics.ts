import type { DocumentReference } from 'firebase-admin/firestore';
import { WeeklyAdjustmentFanOut } from '../../shared/analytics/adjustment-fanout';
import { WeeklyAdjustmentJob } from '../../shared/analytics/adjustment-job';
import { AnalyticsAggregator } from '../../shared/analytics/aggregate';
import { LearnerDashboard } from '../../shared/analytics/dashboard';
import type { CatalogRepository } from '../../shared/catalog/repository';
import { InsightPathways } from '../../shared/insights/insight-pathways';
import { PathwayInsights } from '../../shared/insights/pathway-insights';
import { InsightsRepository } from '../../shared/insights/repository';
import { FirestoreLearnerModelReader } from '../../shared/analytics/learner-model';
import { AnalyticsRepository } from '../../shared/analytics/repository';
import { LrsPush } from '../../shared/xapi/lrs-push';
import { XapiRepository } from '../../shared/xapi/repository';
import { StatementQueryUseCase } from '../../shared/xapi/statement-query';
import { lazy } from './lazy';
import type { Platform } from './platform';

export interface AnalyticsServices {
  repository: AnalyticsRepository;
  aggregator: AnalyticsAggregator;
  dashboard: LearnerDashboard;
  /** The event streams as xAPI statements (an LRS's statements resource). */
  statements: StatementQueryUseCase;
  /** The event streams read as statements, and the statement directory. */
  xapi: XapiRepository;
  /** The push of every statement to the deployment's LRS, when one is configured. */
  lrsPush: LrsPush;
  /** The weekly path adjustment job: its fan-out and its per-learner task. */
  adjustmentFanOut: WeeklyAdjustmentFanOut;
  adjustmentJob: WeeklyAdjustmentJob;
  /** Instructor and admin insights of a pathway (aggregation queries over the features' documents). */
  insights: PathwayInsights;
  insightPathways: InsightPathways;
}

/** Learning analytics: the incremental aggregates and what is read from them. */
export function analyticsServices(
  platform: Platform,
  erasureRecord: (uid: string) => DocumentReference | null,
  catalog: () => CatalogRepository,
): AnalyticsServices {
  const { firestore } = platform.clients;
  const analytics: AnalyticsServices = lazy<AnalyticsServices>({
    repository: () => new AnalyticsRepository(firestore, erasureRecord),
    aggregator: () => new AnalyticsAggregator(analytics.repository),
    dashboard: () =>
      new LearnerDashboard(
        analytics.repository,
        new FirestoreLearnerModelReader(firestore),
        () => new Date(),
      ),
    xapi: () => new XapiRepository(firestore, erasureRecord),
    lrsPush: () =>
      new LrsPush({
        repo: analytics.xapi,
        statementOf: (event) => analytics.statements.anyStatement(event),
        tasks: platform.clients.tasks,
        config: platform.config,
        fetch: (input, init) => fetch(input, init),
        now: () => new Date(),
      }),
    adjustmentFanOut: () =>
      new WeeklyAdjustmentFanOut(analytics.repository, platform.clients.tasks, platform.config),
    adjustmentJob: () =>
      new WeeklyAdjustmentJob(analytics.repository, new FirestoreLearnerModelReader(firestore)),
    statements: () =>
      new StatementQueryUseCase(analytics.xapi, {
        baseUrl: platform.config.publicBaseUrl,
      }),
    insights: () =>
      new PathwayInsights(catalog(), new InsightsRepository(firestore), () => new Date()),
    insightPathways: () => new InsightPathways(catalog()),
  });
  return analytics;
}
