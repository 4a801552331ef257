import { collection, onSnapshot, type Firestore } from 'firebase/firestore';
import { useEffect, useState } from 'preact/hooks';

/** The part of `users/{uid}/analyticsDays/{day}` the chart draws. */
interface Day {
  date: string;
  events: number;
  lessons_completed: number;
  quiz: { attempts: number };
}

const DAYS = 14;
const WIDTH = 560;
const HEIGHT = 140;

/**
 * The learner's last active days, live from their own per-day aggregates (the Firestore rules
 * let a learner read only theirs): activity per day as bars, completions as the darker part.
 */
export function ActivityChart(props: { db: Firestore; uid: string }) {
  const [days, setDays] = useState<Day[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(
    () =>
      onSnapshot(
        // A learner has one document per active day; ordering them needs no index here.
        collection(props.db, 'users', props.uid, 'analyticsDays'),
        (snap) =>
          setDays(
            snap.docs
              .map((d) => d.data() as Day)
              .sort((a, b) => a.date.localeCompare(b.date))
              .slice(-DAYS),
          ),
        (error) => setFailed(error.code),
      ),
    [props.db, props.uid],
  );
  if (failed) return <p class="error">Your activity chart cannot be read right now ({failed}).</p>;
  if (!days) return null;
  if (days.length === 0) return <p class="muted">No activity recorded yet.</p>;
  const top = Math.max(1, ...days.map((d) => d.events));
  const slot = WIDTH / DAYS;
  const summary = days
    .map((d) => `${d.date}: ${d.events} activities, ${d.lessons_completed} completed`)
    .join('; ');
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT + 20}`}
        role="img"
        aria-labelledby="activity-title activity-summary"
      >
        <title id="activity-title">Your activity on your last {days.length} active days</title>
        <desc id="activity-summary">{summary}</desc>
        {days.map((d, i) => {
          const h = (HEIGHT * d.events) / top;
          const done = (HEIGHT * Math.min(d.lessons_completed, d.events)) / top;
          const x = i * slot + 4;
          return (
            <g key={d.date}>
              <rect x={x} y={HEIGHT - h} width={slot - 8} height={h} fill="#8fb8e6" />
              <rect x={x} y={HEIGHT - done} width={slot - 8} height={done} fill="#0b57a4" />
              <text
                x={x + (slot - 8) / 2}
                y={HEIGHT + 14}
                font-size="10"
                text-anchor="middle"
                fill="#1b1f24"
              >
                {d.date.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="muted">
        Activities per day; the darker part is resources completed.
      </figcaption>
    </figure>
  );
}
