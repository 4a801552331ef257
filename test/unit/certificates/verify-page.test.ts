import type { VerifyResponse } from '../../../shared/certificates/schemas';
import { notFoundPage, verifyPage, type PageLinks } from '../../../shared/certificates/verify-page';

const answer: VerifyResponse = {
  certificate_id: '7K3QX9M2R4TB',
  state: 'valid',
  learner_name: 'Zoë <script>alert(1)</script>',
  pathway_id: 'foundations-image-gen',
  pathway_title: 'Foundations & "Friends"',
  completion_date: '2026-11-22',
  duration_minutes: 270,
  difficulty: 'intermediate',
  instructor_line: 'Instructor: Ada Lovelace',
  issuer_name: 'Pathwise',
  verification_url: 'https://learn.example/verify/7K3QX9M2R4TB',
  issued_at: '2026-11-22T10:00:00.000Z',
  valid_until: null,
  revoked_at: null,
  reason: null,
  supersedes: null,
  superseded_by: null,
  pdf_sha256: 'a'.repeat(64),
  credential: 'h.p.s',
};

const links: PageLinks = {
  json: 'https://learn.example/api/v1/certificates/verify/7K3QX9M2R4TB',
  credential: 'https://learn.example/api/v1/certificates/7K3QX9M2R4TB/credential',
  jwks: 'https://learn.example/api/v1/certificates/issuer/jwks.json',
  verifyPdf: 'https://learn.example/api/v1/certificates/verify',
  pageOf: (id) => `https://learn.example/verify/${id}`,
};

describe('verifyPage', () => {
  it('states a valid certificate and every printed field, escaped', () => {
    const html = verifyPage(answer, links);
    expect(html).toContain('Valid certificate');
    expect(html).toContain('does not expire');
    expect(html).toContain('Zoë &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Foundations &#38; &#34;Friends&#34;');
    expect(html).toContain('22 November 2026');
    expect(html).toContain('4 h 30 min');
    expect(html).toContain('Intermediate');
    expect(html).toContain('<td>Ada Lovelace</td>');
    expect(html).toContain('7K3Q-X9M2-R4TB');
    expect(html).toContain('a'.repeat(64));
    expect(html).toContain(links.jwks);
  });

  it('says why a certificate no longer counts', () => {
    expect(
      verifyPage(
        {
          ...answer,
          state: 'revoked',
          revoked_at: '2027-01-05T09:00:00Z',
          reason: 'Issued <in> error',
        },
        links,
      ),
    ).toMatch(/Revoked certificate[\s\S]*on 5 January 2027\. Reason: Issued &#60;in&#62; error\./);
    expect(
      verifyPage({ ...answer, state: 'expired', valid_until: '2027-11-22T10:00:00Z' }, links),
    ).toMatch(/Expired certificate[\s\S]*ended on 22 November 2027/);
    const superseded = verifyPage(
      { ...answer, state: 'superseded', superseded_by: 'ABCDEFGH2345' },
      links,
    );
    expect(superseded).toContain('href="https://learn.example/verify/ABCDEFGH2345"');
    expect(superseded).toContain('ABCD-EFGH-2345');
  });

  it('says when no certificate has the id', () => {
    const html = notFoundPage('<0000000000AB>');
    expect(html).toContain('No such certificate');
    expect(html).toContain('&#60;0000000000AB&#62;');
  });
});
