import type { DocumentReference } from 'firebase-admin/firestore';
import { AnalyticsAggregator } from '../../shared/analytics/aggregate';
import { LearnerDashboard } from '../../shared/analytics/dashboard';
import { FirestoreLearnerModelReader } from '../../shared/analytics/learner-model';
import { AnalyticsRepository } from '../../shared/analytics/repository';
import { lazy } from './lazy';
import type { Platform } from './platform';

export interface AnalyticsServices {
  repository: AnalyticsRepository;
  aggregator: AnalyticsAggregator;
  dashboard: LearnerDashboard;
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
  });
  return analytics;
}
