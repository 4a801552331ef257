import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useSession } from '../context';
import { useLoad } from '../hooks';
import { href } from '../router';
import { ErrorNotice, Loading, Page } from '../ui';
import type { PathwayList } from '../types';

export function CatalogPage() {
  const session = useSession();
  const list = useLoad(
    () => session.api<PathwayList>('GET', '/api/v1/pathways?limit=100'),
    'catalog',
  );
  const [error, setError] = useState<unknown>(null);
  const enrol = async (pathwayId: string) => {
    setError(null);
    try {
      await session.api('POST', `/api/v1/pathways/${encodeURIComponent(pathwayId)}/enroll`);
    } catch (e) {
      // Already enrolled is where the learner wanted to be anyway.
      if (!(e instanceof ApiError && e.status === 409)) {
        setError(e);
        return;
      }
    }
    window.location.hash = href('pathways', pathwayId);
  };
  return (
    <Page title="Catalog">
      <ErrorNotice error={list.error ?? error} />
      {list.loading && <Loading what="pathways" />}
      <ul class="cards">
        {list.data?.pathways.map((p) => (
          <li class="card" key={p.id}>
            <h2>
              <a href={href('pathways', p.id)}>{p.title}</a>
            </h2>
            {p.description && <p>{p.description}</p>}
            <p class="muted">
              {p.module_count} modules · {p.resource_count} resources · {p.total_duration_minutes}{' '}
              min
              {p.difficulty ? ` · ${p.difficulty}` : ''}
              {p.status !== 'published' ? ` · ${p.status}` : ''}
            </p>
            <button
              type="button"
              onClick={() => void enrol(p.id)}
              aria-label={`Enrol in ${p.title}`}
            >
              Enrol
            </button>
          </li>
        ))}
      </ul>
      {list.data?.pathways.length === 0 && <p>No pathways are published yet.</p>}
    </Page>
  );
}
