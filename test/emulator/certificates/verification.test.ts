import { Timestamp } from 'firebase-admin/firestore';
import { CertificateCollections } from '../../../shared/certificates/model';
import { certificateMailId } from '../../../shared/certificates/notices';
import { PDF_VERIFY_RATE } from '../../../shared/certificates/verification';
import { api, call } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import type { Tree } from '../../helpers/catalog';
import { adminAuth, db } from '../../helpers/services';
import {
  certificatePathway,
  certificatesOf,
  completeAll,
  downloadPdf,
  enrollment,
  issuedCertificate,
  learnerNamed,
  mailTo,
  verifyBytes,
} from './fixture';

/** Public verification, as anyone without an account checks a certificate, and its lifecycle. */
let instructor: TestUser;
let admin: TestUser;
let tree: Tree;

beforeAll(async () => {
  [instructor, admin] = await Promise.all([createUser('instructor'), createUser('admin')]);
  tree = await certificatePathway(instructor);
});

async function certified(name: string) {
  const learner = await learnerNamed(name);
  await completeAll(learner, tree);
  return { learner, id: await issuedCertificate(learner.uid, tree.pathwayId) };
}

const verify = (id: string, path = '/api/v1/certificates/verify') => call('GET', `${path}/${id}`);

describe('verification by id', () => {
  it('answers without a token, at both paths, with every frozen field; unknown ids are 404', async () => {
    const { learner, id } = await certified('Ada Lovelace');
    const answer = await verify(id);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      certificate_id: id,
      state: 'valid',
      learner_name: 'Ada Lovelace',
      pathway_id: tree.pathwayId,
      pathway_title: `Pathway ${tree.pathwayId}`,
      duration_minutes: 20,
      instructor_line: `Instructor: ${instructor.name}`,
      issuer_name: 'Pathwise',
      verification_url: `${process.env.PATHWISE_BASE_URL}/verify/${id}`,
      valid_until: null,
      revoked_at: null,
      reason: null,
      superseded_by: null,
      pdf_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      credential: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
    });
    // Seed 003's own path, and an id typed the way people type it.
    const typed = `${id.slice(0, 4).toLowerCase()}-${id.slice(4, 8)}-${id.slice(8)}`;
    expect((await verify(typed, '/certificates/verify')).body).toEqual(answer.body);
    // A renamed learner changes nothing that was issued.
    await adminAuth().updateUser(learner.uid, { displayName: 'Someone Else' });
    expect((await verify(id)).body.learner_name).toBe('Ada Lovelace');

    const unknown = await verify('0000000000AB');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    expect((await verify('not-an-id')).status).toBe(400);
  });

  it('serves a human-readable page at the URL printed in the QR code', async () => {
    const { id } = await certified('Mary Somerville');
    const page = await fetch(`${process.env.PATHWISE_BASE_URL}/verify/${id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('Valid certificate');
    expect(html).toContain('Mary Somerville');
    expect(html).toContain(`Pathway ${tree.pathwayId}`);
    const missing = await fetch(`${process.env.PATHWISE_BASE_URL}/verify/0000000000AB`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('No such certificate');
  });
});

describe('verification of PDF bytes', () => {
  it('recognises the issued file and reports an edited one (one byte changed) as not authentic', async () => {
    const { learner, id } = await certified('Hedy Lamarr');
    const pdf = await downloadPdf(learner, id);
    const original = await verifyBytes(pdf);
    expect(original.status).toBe(200);
    expect(original.body).toMatchObject({ authentic: true, certificate_id: id, state: 'valid' });

    const edited = Buffer.from(pdf);
    const middle = Math.floor(edited.length / 2);
    edited[middle] = (edited[middle] as number) ^ 0x01;
    const forged = await verifyBytes(edited);
    expect(forged.body).toEqual({
      authentic: false,
      pdf_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      certificate_id: null,
      state: null,
      verification_url: null,
    });
    expect(forged.body.pdf_sha256).not.toBe(original.body.pdf_sha256);

    const notPdf = await call('POST', '/api/v1/certificates/verify', {
      rawBody: 'hello',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(notPdf.status).toBe(415);
    const tooLarge = await verifyBytes(Buffer.alloc(5 * 1024 * 1024 + 1, 0x20));
    expect(tooLarge.status).toBe(413);
  });

  it('is rate-limited per client address', async () => {
    const bytes = Buffer.from('%PDF-1.7\n%%EOF\n');
    const address = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    let answered = 0;
    let limited: Awaited<ReturnType<typeof verifyBytes>> | undefined;
    // A fixed window may end during the loop, so the limit bites after `limit` to 2 × `limit` calls.
    while (!limited && answered <= 2 * PDF_VERIFY_RATE.limit) {
      const answer = await verifyBytes(bytes, address);
      if (answer.status === 429) limited = answer;
      else {
        expect(answer.body.authentic).toBe(false);
        answered += 1;
      }
    }
    expect(answered).toBeGreaterThanOrEqual(PDF_VERIFY_RATE.limit);
    expect(limited?.body.error.code).toBe('resource_exhausted');
    expect(limited?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await verifyBytes(bytes, `${address}9`)).status).toBe(200);
  });
});

describe('lifecycle', () => {
  it('shows a revocation and its reason to anyone, and no longer counts it as earned', async () => {
    const { learner, id } = await certified('Rosalind Franklin');
    const learnerTry = await api(learner.token).post(`/api/v1/admin/certificates/${id}/revoke`, {
      reason: 'x',
    });
    expect(learnerTry.status).toBe(403);
    const revoked = await api(admin.token).post(`/api/v1/admin/certificates/${id}/revoke`, {
      reason: 'Assessment found to be plagiarised',
    });
    expect(revoked.status).toBe(200);
    const answer = await verify(id);
    expect(answer.body).toMatchObject({
      state: 'revoked',
      reason: 'Assessment found to be plagiarised',
      revoked_at: expect.any(String),
    });
    const page = await (await fetch(`${process.env.PATHWISE_BASE_URL}/verify/${id}`)).text();
    expect(page).toContain('Revoked certificate');
    expect(page).toContain('Assessment found to be plagiarised');
    expect((await enrollment(learner.uid, tree.pathwayId)).certificate?.status).toBe('revoked');
    const again = await api(learner.token).post(
      `/api/v1/users/me/pathways/${tree.pathwayId}/certificate`,
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/revoked/);
    expect(
      (await api(admin.token).post(`/api/v1/admin/certificates/${id}/revoke`, { reason: 'again' }))
        .status,
    ).toBe(409);
  });

  it('reissues a correction that supersedes the old certificate, which points to it', async () => {
    const { learner, id } = await certified('Marie Sklodowska');
    const reissued = await api(admin.token).post(`/api/v1/admin/certificates/${id}/reissue`, {
      reason: 'Legal name corrected',
      learner_name: 'Marie Skłodowska-Curie',
    });
    expect(reissued.status).toBe(201);
    const next = reissued.body.certificate_id as string;
    expect(next).not.toBe(id);
    expect(reissued.body).toMatchObject({
      state: 'valid',
      learner_name: 'Marie Skłodowska-Curie',
      supersedes: id,
      completion_date: (await verify(id)).body.completion_date,
    });
    expect((await verify(id)).body).toMatchObject({ state: 'superseded', superseded_by: next });
    const page = await (await fetch(`${process.env.PATHWISE_BASE_URL}/verify/${id}`)).text();
    expect(page).toContain(`/verify/${next}`);

    // The learner's enrollment, list and mail follow the new certificate.
    expect((await enrollment(learner.uid, tree.pathwayId)).certificate?.certificate_id).toBe(next);
    const list = await api(learner.token).get('/api/v1/users/me/certificates');
    expect(
      list.body.certificates
        .map((c: { certificate_id: string; state: string }) => [c.certificate_id, c.state])
        .sort(),
    ).toEqual(
      [
        [id, 'superseded'],
        [next, 'valid'],
      ].sort(),
    );
    expect((await mailTo(learner.email)).map((m) => m.id).sort()).toEqual(
      [
        certificateMailId('course_completion', learner.uid, id),
        certificateMailId('certificate_reissued', learner.uid, next),
      ].sort(),
    );
    const twice = await api(admin.token).post(`/api/v1/admin/certificates/${id}/reissue`, {
      reason: 'Again',
    });
    expect(twice.status).toBe(409);
    expect(await certificatesOf(learner.uid, tree.pathwayId)).toHaveLength(2);
  });

  it('reads as expired once its validity has passed', async () => {
    const expiring = await certificatePathway(instructor, undefined, { valid_for_days: 30 });
    const learner = await learnerNamed('Lise Meitner');
    await completeAll(learner, expiring);
    const id = await issuedCertificate(learner.uid, expiring.pathwayId);
    expect((await verify(id)).body).toMatchObject({
      state: 'valid',
      valid_until: expect.any(String),
    });
    // Thirty days on: the stored validity is what the clock is compared with.
    await db()
      .collection(CertificateCollections.certificates)
      .doc(id)
      .update({ valid_until: Timestamp.fromMillis(Date.now() - 1000) });
    expect((await verify(id)).body.state).toBe('expired');
  });
});

describe('the learner’s certificates', () => {
  it('lists them and hands out signed PDF links to their owner only', async () => {
    const { learner, id } = await certified('Chien-Shiung Wu');
    const other = await createUser('learner');
    const enrollmentId = `${learner.uid}_${tree.pathwayId}`;

    const list = await api(learner.token).get('/api/v1/users/me/certificates');
    expect(list.body).toEqual({
      certificates: [expect.objectContaining({ certificate_id: id, enrollment_id: enrollmentId })],
      next_page_token: null,
    });
    const own = await api(learner.token).get(`/certificates/download/${enrollmentId}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ certificate_id: id, file_name: `certificate-${id}.pdf` });
    const pdf = await fetch(own.body.download_url);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    for (const path of [
      `/api/v1/users/me/certificates/${id}/download`,
      `/api/v1/certificates/download/${enrollmentId}`,
      `/certificates/download/${enrollmentId}`,
    ]) {
      const theirs = await api(other.token).get(path);
      expect({ path, status: theirs.status }).toEqual({ path, status: 404 });
    }
    expect((await api(other.token).get('/api/v1/users/me/certificates')).body.certificates).toEqual(
      [],
    );
  });
});
