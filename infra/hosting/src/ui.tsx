import type { ComponentChildren } from 'preact';
import { describeError } from './api';

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

export function ErrorNotice(props: { error: unknown }) {
  if (!props.error) return null;
  return (
    <p class="error" role="alert">
      {describeError(props.error)}
    </p>
  );
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
