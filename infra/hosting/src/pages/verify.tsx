import { apiRequest } from '../api';
import { useLoad } from '../hooks';
import type { Verification } from '../types';
import { ErrorNotice, formatDate, Loading, Page } from '../ui';

/** Public: anyone holding a certificate id (from its QR code) checks it, without signing in. */
export function VerifyPage(props: { certificateId: string }) {
  const id = props.certificateId;
  const answer = useLoad(
    () =>
      apiRequest<Verification>(
        null,
        'GET',
        `/api/v1/certificates/verify/${encodeURIComponent(id)}`,
      ),
    id,
  );
  const c = answer.data;
  return (
    <Page title="Certificate verification">
      <ErrorNotice error={answer.error} />
      {answer.loading && <Loading what="the certificate" />}
      {c && (
        <div class={`card verdict ${c.state}`} data-state={c.state}>
          <p class="big" role="status">
            {c.state === 'valid' ? 'This certificate is valid.' : `This certificate is ${c.state}.`}
          </p>
          {c.revoked_at && (
            <p>
              Revoked {formatDate(c.revoked_at)}
              {c.reason ? `: ${c.reason}` : ''}
            </p>
          )}
          <dl>
            <dt>Learner</dt>
            <dd>{c.learner_name}</dd>
            <dt>Pathway</dt>
            <dd>{c.pathway_title}</dd>
            <dt>Completed</dt>
            <dd>{c.completion_date}</dd>
            <dt>Issued by</dt>
            <dd>
              {c.issuer_name}, {formatDate(c.issued_at)}
            </dd>
            <dt>Certificate id</dt>
            <dd>
              <code>{c.certificate_id}</code>
            </dd>
            <dt>PDF SHA-256</dt>
            <dd>
              <code class="wrap">{c.pdf_sha256}</code>
            </dd>
          </dl>
        </div>
      )}
    </Page>
  );
}
