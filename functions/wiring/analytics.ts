import type { DocumentReference } from 'firebase-admin/firestore';
import { WeeklyAdjustmentFanOut } from '../../shared/analytics/adjustment-fanout';
import { WeeklyAdjustmentJob } from '../../shared/analytics/adjustment-job';
import { AnalyticsAggregator } from '../../shared/analytics/aggregate';
import { LearnerDashboard } from '../../shared/analytics/dashboard';
import { FirestoreLearnerModelReader } from '../../shared/analytics/learner-model';
import { AnalyticsRepository } from '../../shared/analytics/repository';
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
  /** The weekly path adjustment job: its fan-out and its per-learner task. */
  adjustmentFanOut: WeeklyAdjustmentFanOut;
  adjustmentJob: WeeklyAdjustmentJob;
}

/** Learning analytics: the incremental aggregates and what is read from them. */
export function analyticsServices(
  platform: Platform,
  erasureRecord: (uid: string) => DocumentReference | null,
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
    adjustmentFanOut: () =>
      new WeeklyAdjustmentFanOut(analytics.repository, platform.clients.tasks, platform.config),
    adjustmentJob: () =>
      new WeeklyAdjustmentJob(analytics.repository, new FirestoreLearnerModelReader(firestore)),
    statements: () =>
      new StatementQueryUseCase(analytics.xapi, {
        baseUrl: platform.config.publicBaseUrl,
      }),
  });
  return analytics;
}
