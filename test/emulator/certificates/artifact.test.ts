import { PDFDocument } from 'pdf-lib';
import { verifyCredentialJws } from '../../../shared/certificates/credential';
import { learnerSubjectId } from '../../../shared/certificates/issuer';
import { PAGE, attachmentNames } from '../../../shared/certificates/pdf-design';
import { call } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import type { Tree } from '../../helpers/catalog';
import { poppler } from '../../helpers/pdf';
import {
  certificatePathway,
  certificatesOf,
  completeAll,
  downloadPdf,
  issuedCertificate,
  learnerNamed,
} from './fixture';

/**
 * The issued artifact, read back the way outsiders read it: the PDF a learner downloads through
 * a signed URL, opened with pdf-lib and with poppler, its QR code scanned off a raster, and its
 * attached credential verified against the JWKS the API publishes.
 */
let instructor: TestUser;
let tree: Tree;

beforeAll(async () => {
  instructor = await createUser('instructor');
  tree = await certificatePathway(instructor);
});

const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, '');

async function certify(name: string) {
  const learner = await learnerNamed(name);
  await completeAll(learner, tree);
  const id = await issuedCertificate(learner.uid, tree.pathwayId);
  const [doc] = await certificatesOf(learner.uid, tree.pathwayId);
  return { learner, id, doc: doc as NonNullable<typeof doc>, pdf: await downloadPdf(learner, id) };
}

describe('the issued PDF', () => {
  it('loads with pdf-lib and holds the name, title, id and verification URL; its QR code scans to that URL', async () => {
    const { id, doc, pdf } = await certify('Zoë Łukasiewicz');
    const loaded = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(loaded.getPageCount()).toBe(1);
    expect(loaded.getPage(0).getSize()).toEqual({ width: PAGE.width, height: PAGE.height });
    expect(loaded.getTitle()).toContain('Zoë Łukasiewicz');

    const reader = await poppler(pdf);
    try {
      const text = squash(await reader.text());
      expect(text).toContain(squash('Zoë Łukasiewicz'));
      expect(text).toContain(squash(`Pathway ${tree.pathwayId}`));
      expect(text).toContain(id);
      expect(doc.verification_url).toBe(`${process.env.PATHWISE_BASE_URL}/verify/${id}`);
      // Rasterised by pdftoppm, as a phone camera sees the page.
      expect(await reader.qr(150)).toBe(doc.verification_url);
    } finally {
      await reader.close();
    }
  });

  it('carries a credential that verifies against the served JWKS and names its learner', async () => {
    const { learner, id, doc, pdf } = await certify('Иван Петров');
    const reader = await poppler(pdf);
    let attached: string;
    try {
      // The Cyrillic name is printed as text, not only carried in the credential.
      expect(squash(await reader.text())).toContain(squash('Иван Петров'));
      attached = (await reader.attachments()).get(attachmentNames(id).jws)?.toString('utf8') ?? '';
    } finally {
      await reader.close();
    }
    expect(attached).toBe(doc.credential);

    const jwks = await call('GET', '/api/v1/certificates/issuer/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toContain(doc.credential_key_id);
    const { credential, header } = await verifyCredentialJws(attached, jwks.body);
    expect(header).toEqual({ alg: 'RS256', kid: doc.credential_key_id, typ: 'JWT' });
    expect(credential.credentialSubject.id).toBe(learnerSubjectId(learner.uid));
    expect(credential.credentialSubject.identifier?.[0]?.identityHash).toBe('Иван Петров');
    expect(credential.credentialSubject.achievement.name).toBe(`Pathway ${tree.pathwayId}`);
    expect(credential.id).toBe(doc.verification_url);

    // Anyone can download the same credential as JSON, with the JWS it was decoded from.
    const download = await call('GET', `/api/v1/certificates/${id}/credential`);
    expect(download.status).toBe(200);
    expect(download.body).toEqual({
      certificate_id: id,
      credential: JSON.parse(JSON.stringify(credential)),
      jws: attached,
      jwks_uri: expect.stringMatching(/\/api\/v1\/certificates\/issuer\/jwks\.json$/),
    });
    expect((await call('GET', '/api/v1/certificates/0000000000AB/credential')).status).toBe(404);

    // The issuer the credential names is served where its id says, and points at the keys.
    const issuer = await call('GET', new URL(credential.issuer.id).pathname);
    expect(issuer.body).toMatchObject({ id: credential.issuer.id, type: ['Profile'] });
    expect(new URL(issuer.body.jwks_uri).pathname).toBe('/api/v1/certificates/issuer/jwks.json');

    // A credential that was tampered with does not verify.
    const [head, payload, signature] = attached.split('.') as [string, string, string];
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    forged.credentialSubject.identifier[0].identityHash = 'Mallory';
    const tampered = `${head}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    await expect(verifyCredentialJws(tampered, jwks.body)).rejects.toThrow(/signature/);
  });

  it.each([
    ['Chinese', '李雷'],
    ['Korean', '김민준'],
    [
      'a very long mixed-script name',
      'Maria-Alexandra Konstantinopoulou-Wolfeschlegelsteinhausenbergerdorff de la Santísima Trinidad Ευαγγελία Παπαδοπούλου 李雷',
    ],
  ])('prints a name in %s (read back from the PDF text)', async (_script, name) => {
    const { pdf } = await certify(name);
    const reader = await poppler(pdf);
    try {
      expect(squash(await reader.text())).toContain(squash(name));
    } finally {
      await reader.close();
    }
  });

  it('refuses a name no certificate font can draw, with 409, and leaves nothing half-issued', async () => {
    const learner = await learnerNamed('محمد علي');
    await completeAll(learner, tree);
    const asked = await call('POST', `/api/v1/users/me/pathways/${tree.pathwayId}/certificate`, {
      token: learner.token,
    });
    expect(asked.status).toBe(409);
    expect(asked.body.error.message).toMatch(/cannot be printed/);
    expect(await certificatesOf(learner.uid, tree.pathwayId)).toEqual([]);
  });
});
