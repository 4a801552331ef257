import type { ComponentChildren } from 'preact';
import { ErrorState } from './errors';

/** A labelled progress bar: the native element, so assistive technology reads its value. */
export function ProgressBar(props: { label: string; value: number; id?: string }) {
  const value = Math.max(0, Math.min(100, Math.round(props.value)));
  return (
    <div class="progress" data-progress={props.id}>
      <span class="progress-label">{props.label}</span>
      <progress max={100} value={value} aria-label={props.label}>
        {value}%
      </progress>
      <span class="progress-value" aria-hidden="true">
        {value}%
      </span>
    </div>
  );
}

/** Any failure, drawn by the one error component (errors.tsx). */
export function ErrorNotice(props: { error: unknown; placed?: readonly string[] }) {
  return <ErrorState error={props.error} {...(props.placed ? { placed: props.placed } : {})} />;
}

export function Loading(props: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {props.what}…
    </p>
  );
}

export function Page(props: { title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{props.title}</h1>
      {props.children}
    </section>
  );
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}
