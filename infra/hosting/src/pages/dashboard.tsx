import { useState } from 'preact/hooks';
import { useSession } from '../context';
import { useLoad } from '../hooks';
import { href } from '../router';
import type { Dashboard } from '../types';
import { ErrorNotice, Loading, Page, ProgressBar } from '../ui';
import { ActivityChart } from './activity-chart';

function Figure(props: { label: string; value: string }) {
  return (
    <div class="figure">
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}

/** Seed 003's dashboard: performance summary, streak, recommendations with their reasons. */
export function DashboardPage() {
  const session = useSession();
  const [round, setRound] = useState(0);
  const dashboard = useLoad(
    () => session.api<Dashboard>('GET', '/api/v1/ai/dashboard'),
    `dashboard:${round}`,
  );
  const [error, setError] = useState<unknown>(null);
  const act = async (recommendationId: string, action: 'accepted' | 'skipped') => {
    setError(null);
    try {
      await session.api(
        'POST',
        `/api/v1/ai/recommendations/${encodeURIComponent(recommendationId)}/action`,
        { action },
      );
      setRound((r) => r + 1);
    } catch (e) {
      setError(e);
    }
  };
  const d = dashboard.data;
  const p = d?.performance_summary;
  return (
    <Page title="Your dashboard">
      <ErrorNotice error={dashboard.error ?? error} />
      {dashboard.loading && !d && <Loading what="your dashboard" />}
      {d && p && (
        <>
          <p>{d.ai_insights.personalized_message}</p>
          <dl class="figures" aria-label="Performance summary">
            <Figure
              label="Current streak"
              value={`${p.current_streak} day${p.current_streak === 1 ? '' : 's'}`}
            />
            <Figure label="Lessons completed" value={String(p.lessons_completed)} />
            <Figure
              label="Average quiz score"
              value={p.avg_quiz_score === null ? '—' : `${Math.round(p.avg_quiz_score)}%`}
            />
            <Figure label="Study hours" value={p.study_hours.toFixed(1)} />
            <Figure label="Active days" value={String(p.active_days)} />
            <Figure label="Trend" value={p.performance_trend} />
          </dl>
          <ProgressBar
            id="completion-rate"
            label="Completion rate"
            value={p.completion_rate * 100}
          />
          <h2>Activity</h2>
          <ActivityChart db={session.services.db} uid={session.user.uid} />
          <h2>Recommended next</h2>
          {d.recommended_next_lessons.length === 0 && <p class="muted">No recommendations yet.</p>}
          <ul class="cards">
            {d.recommended_next_lessons.map((r) => (
              <li class="card" key={r.recommendation_id}>
                <h3>
                  {r.pathway_id ? (
                    <a href={href('pathways', r.pathway_id, r.lesson_id)}>{r.title}</a>
                  ) : (
                    r.title
                  )}
                </h3>
                <p>Why: {r.reason}</p>
                <p class="actions">
                  <button type="button" onClick={() => void act(r.recommendation_id, 'accepted')}>
                    Accept
                  </button>
                  <button type="button" onClick={() => void act(r.recommendation_id, 'skipped')}>
                    Skip
                  </button>
                </p>
              </li>
            ))}
          </ul>
          <h2>Struggling topics</h2>
          {d.struggling_topics.length === 0 ? (
            <p class="muted">None: keep going.</p>
          ) : (
            <ul>
              {d.struggling_topics.map((t) => (
                <li key={t.skill}>
                  {t.skill}: {Math.round(t.avg_score)}% over {t.attempts} attempts (
                  {t.difficulty.replace('_', ' ')})
                </li>
              ))}
            </ul>
          )}
          <p class="muted">{d.ai_insights.study_recommendation}</p>
        </>
      )}
    </Page>
  );
}
