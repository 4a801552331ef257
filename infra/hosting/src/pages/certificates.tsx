import { useState } from 'preact/hooks';
import { useSession } from '../context';
import { useLoad } from '../hooks';
import { href } from '../router';
import type { CertificateSummary } from '../types';
import { ErrorNotice, Loading, Page } from '../ui';

export function CertificatesPage() {
  const session = useSession();
  const list = useLoad(
    () =>
      session.api<{ certificates: CertificateSummary[] }>('GET', '/api/v1/users/me/certificates'),
    'certificates',
  );
  const [error, setError] = useState<unknown>(null);
  const download = async (id: string) => {
    setError(null);
    try {
      const link = await session.api<{ download_url: string }>(
        'GET',
        `/api/v1/users/me/certificates/${encodeURIComponent(id)}/download`,
      );
      window.open(link.download_url, '_blank', 'noopener');
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Page title="Your certificates">
      <ErrorNotice error={list.error ?? error} />
      {list.loading && <Loading what="certificates" />}
      {list.data?.certificates.length === 0 && (
        <p>No certificates yet: complete a pathway to earn one.</p>
      )}
      <ul class="cards">
        {list.data?.certificates.map((c) => (
          <li
            class="card"
            key={c.certificate_id}
            data-certificate-id={c.certificate_id}
            data-state={c.state}
          >
            <h2>{c.pathway_title}</h2>
            <p>
              {c.learner_name} · completed {c.completion_date} · <strong>{c.state}</strong>
              {c.reason ? ` (${c.reason})` : ''}
            </p>
            <p class="actions">
              <button type="button" onClick={() => void download(c.certificate_id)}>
                Download PDF
              </button>
              <a href={c.verification_url}>Public verification page</a>
              <a href={href('verify', c.certificate_id)}>Check it here</a>
            </p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
