import { useState } from 'preact/hooks';
import { useSession } from '../context';
import { useLoad } from '../hooks';
import type { QuizAttemptResult, ResourceDetail, ResourceState, ResourceView } from '../types';
import { ErrorNotice, Loading } from '../ui';
import { Submissions } from './submissions';

const path = (resourceId: string) => `/api/v1/users/me/resources/${encodeURIComponent(resourceId)}`;

/** What a learner can do with one resource: by its type and whether it takes a file. */
export function ResourcePanel(props: { resource: ResourceView; state: ResourceState | undefined }) {
  const { resource, state } = props;
  return (
    <div>
      {resource.description && <p>{resource.description}</p>}
      {resource.url && (
        <p>
          <a href={resource.url} target="_blank" rel="noreferrer">
            Open the material
          </a>
        </p>
      )}
      {resource.type === 'video' && <VideoPosition resource={resource} state={state} />}
      {resource.type === 'quiz' && <Quiz resource={resource} />}
      {resource.requires_upload && <Submissions resource={resource} state={state} />}
      {resource.type !== 'quiz' && !resource.requires_upload && state?.status !== 'completed' && (
        <CompleteButton resource={resource} />
      )}
    </div>
  );
}

function CompleteButton(props: { resource: ResourceView }) {
  const session = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const complete = async () => {
    setBusy(true);
    setError(null);
    try {
      await session.api('POST', `${path(props.resource.id)}/complete`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <ErrorNotice error={error} />
      <button type="button" disabled={busy} onClick={() => void complete()}>
        Mark “{props.resource.title}” complete
      </button>
    </div>
  );
}

function VideoPosition(props: { resource: ResourceView; state: ResourceState | undefined }) {
  const session = useSession();
  const saved = props.state?.last_position_seconds ?? 0;
  const [position, setPosition] = useState(String(saved));
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const save = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      await session.api('PUT', `${path(props.resource.id)}/progress`, {
        last_position_seconds: Number(position),
        status: 'in_progress',
      });
      setNote(`Position saved at ${position} s.`);
    } catch (e) {
      setError(e);
    }
  };
  const inputId = `position-${props.resource.id}`;
  return (
    <form class="inline" onSubmit={save}>
      <p class="muted">Saved position: {saved} s</p>
      <label for={inputId}>Video position (seconds)</label>
      <input
        id={inputId}
        type="number"
        min={0}
        value={position}
        onInput={(e) => setPosition(e.currentTarget.value)}
      />
      <button type="submit">Save position</button>
      <span role="status">{note}</span>
      <ErrorNotice error={error} />
    </form>
  );
}

function Quiz(props: { resource: ResourceView }) {
  const session = useSession();
  const id = props.resource.id;
  const detail = useLoad(
    () => session.api<ResourceDetail>('GET', `/api/v1/resources/${encodeURIComponent(id)}`),
    id,
  );
  const [chosen, setChosen] = useState<Record<string, number>>({});
  const [result, setResult] = useState<QuizAttemptResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const questions = detail.data?.questions ?? [];

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answers = Object.fromEntries(
        questions.map((q) => [q.id, chosen[q.id] === undefined ? [] : [chosen[q.id] as number]]),
      );
      setResult(
        await session.api<QuizAttemptResult>('POST', `${path(id)}/quiz-attempts`, { answers }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (detail.loading) return <Loading what="the quiz" />;
  const feedback = new Map(result?.results.map((r) => [r.question_id, r]) ?? []);
  return (
    <form class="quiz" onSubmit={submit} aria-label={`Quiz: ${props.resource.title}`}>
      <ErrorNotice error={detail.error} />
      {props.resource.quiz && (
        <p class="muted">
          Pass mark {props.resource.quiz.passing_score}% ·{' '}
          {props.resource.quiz.max_attempts === null
            ? 'unlimited attempts'
            : `${props.resource.quiz.max_attempts} attempts`}
        </p>
      )}
      {questions.map((q, index) => {
        const verdict = feedback.get(q.id);
        return (
          <fieldset key={q.id} data-question={q.id}>
            <legend>
              {index + 1}. {q.prompt}
            </legend>
            {q.options.map((option, i) => (
              <label key={i} class="choice">
                <input
                  type="radio"
                  name={`q-${q.id}`}
                  checked={chosen[q.id] === i}
                  onChange={() => setChosen({ ...chosen, [q.id]: i })}
                />
                {option}
              </label>
            ))}
            {verdict && (
              <p class={verdict.correct ? 'ok' : 'error'}>
                {verdict.correct ? 'Correct' : 'Not correct'}
                {verdict.correct_options
                  ? ` — answer: ${verdict.correct_options.map((o) => q.options[o]).join(', ')}`
                  : ''}
              </p>
            )}
          </fieldset>
        );
      })}
      <button type="submit" disabled={busy || questions.length === 0}>
        Submit answers
      </button>
      <ErrorNotice error={error} />
      {result && (
        <div class="card" role="status" data-quiz-result={result.passed ? 'passed' : 'failed'}>
          <p>
            <strong>{result.passed ? 'Passed' : 'Not passed'}</strong>: {result.score} of{' '}
            {result.max_score} ({Math.round(result.percentage)}%), attempt {result.attempt_number}.
          </p>
          <p>
            {result.quiz.attempts_remaining === null
              ? 'You can try again as often as you like.'
              : `${result.quiz.attempts_remaining} attempts left.`}
          </p>
        </div>
      )}
    </form>
  );
}
