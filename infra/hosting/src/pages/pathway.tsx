import { useEffect, useState } from 'preact/hooks';
import { useSession } from '../context';
import { useDocument, useLoad } from '../hooks';
import { href } from '../router';
import type { EnrollmentDoc, PathwayResources, PathwaySummary, ResourceView } from '../types';
import { ErrorNotice, Loading, Page, ProgressBar } from '../ui';
import { ResourcePanel } from './resource';

const STATUS_TEXT: Record<string, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  submitted: 'Submitted, awaiting review',
  completed: 'Completed',
};

function CertificateNotice(props: { enrollment: EnrollmentDoc }) {
  const certificate = props.enrollment.certificate;
  if (!certificate) return null;
  return (
    <div class="card notice" role="status" aria-live="polite" data-certificate={certificate.status}>
      {certificate.status === 'issued' && certificate.certificate_id ? (
        <p>
          Your certificate has been issued. <a href={href('certificates')}>See your certificates</a>{' '}
          · <a href={href('verify', certificate.certificate_id)}>Verify it</a>
        </p>
      ) : (
        <p>Certificate: {certificate.status}</p>
      )}
    </div>
  );
}

export function PathwayPage(props: { pathwayId: string; focus: string | null }) {
  const session = useSession();
  const { pathwayId } = props;
  const id = encodeURIComponent(pathwayId);
  const pathway = useLoad(
    () => session.api<PathwaySummary>('GET', `/api/v1/pathways/${id}`),
    pathwayId,
  );
  const outline = useLoad(
    () => session.api<PathwayResources>('GET', `/api/v1/pathways/${id}/resources`),
    pathwayId,
  );
  const enrollment = useDocument<EnrollmentDoc>(
    session.services.db,
    `enrollments/${session.user.uid}_${pathwayId}`,
  );
  const [open, setOpen] = useState<string | null>(props.focus);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setOpen(props.focus), [props.focus]);

  const enrol = async () => {
    setError(null);
    try {
      await session.api('POST', `/api/v1/pathways/${id}/enroll`);
    } catch (e) {
      setError(e);
    }
  };
  const resume = () => {
    const target = enrollment.data?.resume?.resource_id ?? firstOpen(outline.data, enrollment.data);
    if (!target) return;
    setOpen(target);
    document.getElementById(`resource-${target}`)?.focus();
  };

  const e = enrollment.data;
  return (
    <Page title={pathway.data?.title ?? 'Pathway'}>
      <ErrorNotice error={pathway.error ?? outline.error ?? enrollment.error ?? error} />
      {pathway.data?.description && <p>{pathway.data.description}</p>}
      {enrollment.ready && !e && (
        <button type="button" onClick={() => void enrol()}>
          Enrol in this pathway
        </button>
      )}
      {e && (
        <div class="card" aria-live="polite">
          <ProgressBar id="pathway" label="Pathway progress" value={e.pathway.pathway_progress} />
          <p class="muted">
            {e.pathway.required_done} of {e.pathway.required_total} required resources done
            {e.pathway.completed_at ? ' · completed' : ''}
          </p>
          <button type="button" onClick={resume}>
            Resume where you left off
          </button>
        </div>
      )}
      {e && <CertificateNotice enrollment={e} />}
      {outline.loading && <Loading what="the pathway" />}
      {outline.data?.modules.map((module) => (
        <section
          class="module"
          key={module.module_id}
          aria-labelledby={`module-${module.module_id}`}
        >
          <h2 id={`module-${module.module_id}`}>
            {module.order_index}. {module.title}
          </h2>
          {e && (
            <ProgressBar
              id={`module-${module.module_id}`}
              label={`${module.title} progress`}
              value={e.modules[module.module_id]?.module_progress ?? 0}
            />
          )}
          <ol class="resources">
            {module.resources.map((resource) => (
              <ResourceRow
                key={resource.id}
                resource={resource}
                enrollment={e}
                open={open === resource.id}
                onToggle={() => setOpen(open === resource.id ? null : resource.id)}
              />
            ))}
          </ol>
        </section>
      ))}
    </Page>
  );
}

function firstOpen(
  outline: PathwayResources | undefined,
  e: EnrollmentDoc | undefined,
): string | undefined {
  const all = outline?.modules.flatMap((m) => m.resources) ?? [];
  return all.find((r) => e?.resources[r.id]?.status !== 'completed')?.id;
}

function ResourceRow(props: {
  resource: ResourceView;
  enrollment: EnrollmentDoc | undefined;
  open: boolean;
  onToggle: () => void;
}) {
  const { resource, enrollment } = props;
  const state = enrollment?.resources[resource.id];
  const status = state?.status ?? 'not_started';
  return (
    <li class="resource" data-resource={resource.id} data-status={status}>
      <div class="resource-head">
        <button
          type="button"
          id={`resource-${resource.id}`}
          class="link"
          aria-expanded={props.open}
          aria-controls={`panel-${resource.id}`}
          onClick={props.onToggle}
        >
          {resource.title}
        </button>
        <span class="tag">{resource.type}</span>
        {!resource.required && <span class="tag">optional</span>}
        <span class="status">{STATUS_TEXT[status] ?? status}</span>
      </div>
      {enrollment && (
        <ProgressBar
          id={`resource-${resource.id}`}
          label={`${resource.title} progress`}
          value={state?.progress_percentage ?? 0}
        />
      )}
      {props.open && enrollment && (
        <div id={`panel-${resource.id}`} class="panel">
          <ResourcePanel resource={resource} state={state} />
        </div>
      )}
    </li>
  );
}
