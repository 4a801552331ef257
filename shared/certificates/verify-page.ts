import { formatDate, formatDifficulty, formatDuration, formatInstantDate } from './format';
import { groupCertificateId } from './ids';
import type { CertificateState } from './model';
import type { VerifyResponse } from './schemas';

/**
 * The human-readable verify page, the URL printed on a certificate and in its QR code. It states
 * the certificate's state first (with the reason, or the certificate that replaced it), then
 * every field as issued, the PDF's fingerprint and how to check a file, and the machine-readable
 * links. Pure: the answer in, HTML out; every value is escaped.
 */

export interface PageLinks {
  /** JSON verify answer, credential and JWKS URLs. */
  json: string;
  credential: string;
  jwks: string;
  /** Where POST verification of a PDF is. */
  verifyPdf: string;
  /** The verify page of another certificate (the one that superseded this). */
  pageOf: (certificateId: string) => string;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const BANNER: Record<CertificateState, { color: string; title: string }> = {
  valid: { color: '#17643a', title: 'Valid certificate' },
  expired: { color: '#8a5a00', title: 'Expired certificate' },
  revoked: { color: '#a11d2b', title: 'Revoked certificate' },
  superseded: { color: '#1f4f8f', title: 'Replaced by a corrected certificate' },
};

function stateDetail(answer: VerifyResponse, links: PageLinks): string {
  const on = (value: string | null) => (value ? ` on ${formatInstantDate(new Date(value))}` : '');
  switch (answer.state) {
    case 'valid':
      return answer.valid_until
        ? `Issued by ${escapeHtml(answer.issuer_name)}; valid until ${formatInstantDate(new Date(answer.valid_until))}.`
        : `Issued by ${escapeHtml(answer.issuer_name)}; it does not expire.`;
    case 'expired':
      return `Its validity ended${on(answer.valid_until)}.`;
    case 'revoked':
      return `Revoked by ${escapeHtml(answer.issuer_name)}${on(answer.revoked_at)}. Reason: ${escapeHtml(answer.reason ?? 'not given')}.`;
    case 'superseded': {
      const next = answer.superseded_by ?? '';
      return `A corrected certificate replaced it: <a href="${escapeHtml(links.pageOf(next))}">${escapeHtml(groupCertificateId(next))}</a>.`;
    }
  }
}

function row(label: string, value: string | null): string {
  return value === null ? '' : `<tr><th>${label}</th><td>${escapeHtml(value)}</td></tr>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d232b}
.banner{color:#fff;padding:1rem 1.25rem;border-radius:.5rem}.banner h1{margin:0 0 .25rem;font-size:1.4rem}
.banner p{margin:0}.banner a{color:#fff}table{border-collapse:collapse;width:100%;margin:1.5rem 0}
th{text-align:left;width:11rem;color:#58606b;font-weight:500}th,td{padding:.45rem 0;border-bottom:1px solid #e3e6ea;vertical-align:top}
code{word-break:break-all;font-size:.85rem}`;

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}</body></html>`;
}

export function verifyPage(answer: VerifyResponse, links: PageLinks): string {
  const banner = BANNER[answer.state];
  const id = groupCertificateId(answer.certificate_id);
  return layout(
    `${banner.title}: ${answer.learner_name}, ${answer.pathway_title}`,
    `<div class="banner" style="background:${banner.color}"><h1>${banner.title}</h1><p>${stateDetail(answer, links)}</p></div>
<table>
${row('Awarded to', answer.learner_name)}
${row('Pathway', answer.pathway_title)}
${row('Completed on', formatDate(answer.completion_date))}
${row('Duration', formatDuration(answer.duration_minutes))}
${row('Level', answer.difficulty ? formatDifficulty(answer.difficulty) : null)}
${row('Instructor', answer.instructor_line?.replace(/^Instructor:\s*/, '') ?? null)}
${row('Issued', formatInstantDate(new Date(answer.issued_at)))}
${row('Certificate', id)}
</table>
<h2>Is this PDF the real one?</h2>
<p>Only the exact file that was issued is authentic: anything edited, however little, is not. Its SHA-256 is</p>
<p><code>${answer.pdf_sha256}</code></p>
<p>Compare it with <code>sha256sum certificate.pdf</code>, or send the file:
<code>curl --data-binary @certificate.pdf -H 'Content-Type: application/pdf' ${escapeHtml(links.verifyPdf)}</code></p>
<h2>For machines</h2>
<p><a href="${escapeHtml(links.json)}">Verification answer (JSON)</a> ·
<a href="${escapeHtml(links.credential)}">Open Badges 3.0 credential</a> ·
<a href="${escapeHtml(links.jwks)}">Issuer keys (JWKS)</a></p>`,
  );
}

export function notFoundPage(certificateId: string): string {
  return layout(
    'Certificate not found',
    `<div class="banner" style="background:#58606b"><h1>No such certificate</h1>
<p>No certificate was issued with the id ${escapeHtml(certificateId)}. Check the id printed on the certificate.</p></div>`,
  );
}
