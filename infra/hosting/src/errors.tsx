import { useEffect, useMemo, useState } from 'preact/hooks';
import { errorShape, fieldDetails, formatWait, type ErrorShape } from './error-shape';

/** Counts down to `at` once a second, then says a retry may work now. */
function RetryAt(props: { at: Date }) {
  const [now, setNow] = useState(() => Date.now());
  const left = (props.at.getTime() - now) / 1000;
  useEffect(() => {
    if (left <= 0) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [props.at, left <= 0]);
  return (
    <p data-retry-at={props.at.toISOString()}>
      {left > 0
        ? `You can try again in ${formatWait(left)}, at ${props.at.toLocaleTimeString()}.`
        : 'You can try again now.'}
    </p>
  );
}

/**
 * Every error shape the API answers, in one place: 400 with its fields (those not shown next to
 * their inputs, see `placed`), 401, 403, 404, 409 with what blocks it, 413 with the limit, 429
 * with when to retry, 5xx with the request's reference; and failures that never reached it.
 */
export function ErrorState(props: { error: unknown; placed?: readonly string[] }) {
  const shape = useMemo(() => (props.error ? errorShape(props.error) : null), [props.error]);
  if (!shape) return null;
  const placed = props.placed ?? [];
  const elsewhere = shape.fields.filter(
    (f) => !placed.some((p) => f.path === p || f.path.endsWith(`.${p}`)),
  );
  return (
    <div
      class="error-state"
      role="alert"
      data-error-status={shape.status ?? 'none'}
      data-error-code={shape.code}
    >
      <p class="error">
        {shape.title}
        {shape.message && shape.message !== shape.title ? `: ${shape.message}` : ''}
      </p>
      {shape.retry && <RetryAt at={shape.retry.at} />}
      {shape.limit && <p data-limit="">The limit: {shape.limit}.</p>}
      {shape.blockers.length > 0 && (
        <>
          <p>What stands in the way:</p>
          <ul data-blockers="">
            {shape.blockers.map((b) => (
              <li key={b.path} data-blocker={b.path}>
                {b.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {elsewhere.length > 0 && (
        <ul data-fields="">
          {elsewhere.map((f) => (
            <li key={`${f.path}:${f.message}`}>
              <code>{f.path}</code>: {f.message}
            </li>
          ))}
        </ul>
      )}
      {shape.action && <p>{shape.action}</p>}
      {shape.requestId && shape.status !== null && shape.status >= 500 && (
        <p class="muted">Reference: {shape.requestId}</p>
      )}
    </div>
  );
}

/**
 * A 400's messages for one field, placed next to it; `id` is what the input's aria-describedby
 * names. With `nested`, also those of the parts below it; with `paths`, each message after the
 * path it is about (forms whose fields hold lists, where the index says which entry).
 */
export function FieldError(props: {
  shape: ErrorShape | null;
  field: string;
  id: string;
  nested?: boolean;
  paths?: boolean;
}) {
  const details = fieldDetails(props.shape, props.field, props.nested);
  if (details.length === 0) return null;
  return (
    <span class="field-error" id={props.id} data-field-error={props.field}>
      {props.paths
        ? details.map((d, i) => (
            <span key={`${d.path}:${i}`}>
              {i > 0 && <br />}
              <code>{d.path}</code>: {d.message}
            </span>
          ))
        : details.map((d) => d.message).join('; ')}
    </span>
  );
}
