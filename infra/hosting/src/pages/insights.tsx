import { useState } from 'preact/hooks';
import { useSession } from '../context';
import { useLoad } from '../hooks';
import { href } from '../router';
import type { InsightPathwayList, PathwayInsights } from '../types';
import { ErrorNotice, Loading, Page } from '../ui';
import { BarChart } from './bar-chart';

const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);
const hours = (h: number | null) => (h === null ? '—' : `${h} h`);
const minutes = (m: number | null) => (m === null ? '—' : `${m} min`);
function bytes(n: number | null): string {
  if (n === null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function Figure(props: { id: string; label: string; value: string }) {
  return (
    <div class="figure">
      <dt>{props.label}</dt>
      <dd data-figure={props.id}>{props.value}</dd>
    </div>
  );
}

/** The pathways whose insights the instructor reads (their own and co-taught; admins: all). */
export function InsightsIndexPage() {
  const session = useSession();
  const list = useLoad(
    () => session.api<InsightPathwayList>('GET', '/api/v1/instructor/pathways?limit=100'),
    'insight-pathways',
  );
  return (
    <Page title="Insights">
      <ErrorNotice error={list.error} />
      {list.loading && <Loading what="your pathways" />}
      <ul>
        {list.data?.pathways.map((p) => (
          <li key={p.id}>
            <a href={href('insights', p.id)}>{p.title}</a>{' '}
            <span class="muted">
              ({p.status}, {p.role.replace('_', '-')})
            </span>
          </li>
        ))}
      </ul>
      {list.data?.pathways.length === 0 && <p>You own or co-teach no pathways yet.</p>}
    </Page>
  );
}

const WINDOWS = [7, 30, 90];

/** One pathway's insights: the funnel, at-risk learners, quiz items, review and upload metrics. */
export function InsightsPage(props: { pathwayId: string }) {
  const session = useSession();
  const [windowDays, setWindowDays] = useState(30);
  const path = `/api/v1/instructor/pathways/${encodeURIComponent(props.pathwayId)}/insights?window_days=${windowDays}`;
  const loaded = useLoad(() => session.api<PathwayInsights>('GET', path), path);
  const d = loaded.data;
  return (
    <Page title={d ? `Insights: ${d.title}` : 'Insights'}>
      <form class="inline" onSubmit={(e) => e.preventDefault()}>
        <label for="insights-window">Window for reviews and uploads</label>
        <select
          id="insights-window"
          value={windowDays}
          onChange={(e) => setWindowDays(Number(e.currentTarget.value))}
        >
          {WINDOWS.map((w) => (
            <option key={w} value={w}>
              Last {w} days
            </option>
          ))}
        </select>
      </form>
      <ErrorNotice error={loaded.error} />
      {loaded.loading && <Loading what="insights" />}
      {d && <InsightsBody d={d} />}
    </Page>
  );
}

function InsightsBody({ d }: { d: PathwayInsights }) {
  const r = d.reviews;
  const u = d.uploads;
  return (
    <>
      <p class="muted">
        Since {d.since.slice(0, 10)} · figures as of {new Date(d.generated_at).toLocaleString()}
      </p>
      <h2>Enrolments</h2>
      <dl class="figures" aria-label="Enrolments">
        <Figure id="enrolled" label="Enrolled" value={String(d.enrollments.total)} />
        <Figure id="started" label="Started" value={String(d.enrollments.started)} />
        <Figure id="completed" label="Completed" value={String(d.enrollments.completed)} />
        <Figure
          id="completion-rate"
          label="Completion rate"
          value={pct(d.enrollments.completion_rate)}
        />
      </dl>

      <h2>Completion funnel</h2>
      <BarChart
        id="funnel"
        title="Learners reaching each step of the pathway"
        bars={d.funnel.map((s) => ({
          label: s.label,
          value: s.learners,
          text: `${s.learners} (${pct(s.rate)})`,
        }))}
        caption="Learners per step; the percentage is of the enrolled learners."
      />

      <h2>Completion by resource type</h2>
      <BarChart
        id="resource-types"
        title="Completion rate by resource type"
        bars={d.completion_by_resource_type.map((t) => ({
          label: t.type,
          value: t.rate ?? 0,
          text: `${pct(t.rate)} (${t.completions} of ${t.possible})`,
        }))}
      />

      <h2>At-risk learners</h2>
      {d.at_risk.learners.length === 0 ? (
        <p>No learner is struggling right now.</p>
      ) : (
        <ul class="cards" aria-label="At-risk learners">
          {d.at_risk.learners.map((l) => (
            <li class="card" key={l.user_id} data-at-risk={l.user_id}>
              <h3>{l.user_id}</h3>
              <ul>
                {l.reasons.map((reason, i) => (
                  <li key={i}>
                    <span class="tag">{reason.code.replace(/_/g, ' ')}</span> {reason.sentence}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {d.at_risk.more && <p class="muted">More learners are struggling than are shown.</p>}

      <h2>Review turnaround</h2>
      <dl class="figures" aria-label="Review metrics">
        <Figure id="pending" label="Waiting for review" value={String(r.pending)} />
        <Figure id="oldest-pending" label="Longest wait" value={hours(r.oldest_pending_hours)} />
        <Figure id="approval-rate" label="Approval rate" value={pct(r.approval_rate)} />
        <Figure
          id="review-p50"
          label="Time to review (median)"
          value={hours(r.time_to_review_hours.p50)}
        />
        <Figure
          id="review-p90"
          label="Time to review (p90)"
          value={hours(r.time_to_review_hours.p90)}
        />
      </dl>
      <BarChart
        id="turnaround"
        title="Time from upload to review decision"
        bars={[
          {
            label: 'Median (p50)',
            value: r.time_to_review_hours.p50 ?? 0,
            text: hours(r.time_to_review_hours.p50),
          },
          {
            label: '90th percentile',
            value: r.time_to_review_hours.p90 ?? 0,
            text: hours(r.time_to_review_hours.p90),
          },
        ]}
        caption={`${r.reviewed} reviews decided in the window: ${r.approved} approved, ${r.rejected} rejected.`}
      />

      <h2>Uploads</h2>
      <dl class="figures" aria-label="Upload metrics">
        <Figure id="files" label="Files received" value={String(u.files)} />
        <Figure id="files-per-day" label="Files per day" value={String(u.average_files_per_day)} />
        <Figure id="average-size" label="Average size" value={bytes(u.average_bytes)} />
        <Figure id="success-rate" label="Upload success rate" value={pct(u.success_rate)} />
      </dl>
      <BarChart
        id="files-per-day"
        title="Files received per day"
        bars={u.files_per_day.slice(-14).map((day) => ({
          label: day.date,
          value: day.files,
          text: String(day.files),
        }))}
        caption={`${u.succeeded} uploads arrived and passed the checks, ${u.failed} failed, ${u.in_flight} still awaited (last 14 days shown).`}
      />

      <h2>Median time per resource</h2>
      <table class="history">
        <caption class="sr-only">Median minutes of the learners who finished each resource</caption>
        <thead>
          <tr>
            <th scope="col">Resource</th>
            <th scope="col">Type</th>
            <th scope="col">Finished by</th>
            <th scope="col">Median</th>
            <th scope="col">Expected</th>
          </tr>
        </thead>
        <tbody>
          {d.time_per_resource.resources.map((t) => (
            <tr key={t.resource_id} data-resource={t.resource_id}>
              <td>{t.title}</td>
              <td>{t.type}</td>
              <td>{t.learners}</td>
              <td>{minutes(t.median_minutes)}</td>
              <td>{minutes(t.expected_minutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Quiz item difficulty</h2>
      {d.quiz_items.length === 0 && <p>No scored quizzes in this pathway.</p>}
      {d.quiz_items.map((q) => (
        <BarChart
          key={q.resource_id}
          id={`quiz-${q.resource_id}`}
          title={`${q.title}: share of correct answers per question`}
          bars={q.items.map((i) => ({
            label: i.prompt,
            value: i.share_correct ?? 0,
            text: `${pct(i.share_correct)}${i.band ? ` · ${i.band}` : ''} (${i.answers} answers)`,
          }))}
        />
      ))}
    </>
  );
}
