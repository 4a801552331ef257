import { PDFDocument } from 'pdf-lib';
import { ZodError } from 'zod';
import {
  buildOpenBadgeCredential,
  credentialFromJws,
  signCredential,
  verifyCredentialJws,
} from '../../../shared/certificates/credential';
import { FontLibrary } from '../../../shared/certificates/fonts';
import type { PrintedFields } from '../../../shared/certificates/model';
import { renderCertificatePdf } from '../../../shared/certificates/pdf';
import { attachmentNames, PAGE } from '../../../shared/certificates/pdf-design';
import { LocalJwsSigner } from '../../../shared/certificates/signers';
import { UnsupportedCharactersError } from '../../../shared/certificates/text-layout';
import { ink, poppler, type Word } from '../../helpers/pdf';
import { sampleFields, sampleCredentialParts } from '../../helpers/certificate-fields';

const ISSUED = new Date('2026-11-22T10:15:30Z');
const VALID_UNTIL = new Date('2027-11-22T10:15:30Z');
const LONG_NAME =
  'Maria-Alexandra Konstantinopoulou-Wolfeschlegelsteinhausenbergerdorff de la Santísima Trinidad Ευαγγελία Παπαδοπούλου Łukasiewicz-Przybyszewska 李雷 김민준 Иван Петрович';
const LONG_TITLE =
  'Foundations of Image Generation: Diffusion Models, Prompt Engineering, Evaluation Methods and Responsible Deployment for Creative Professionals, Researchers and Engineers (Extended Edition)';

const base: PrintedFields = sampleFields;

const fonts = new FontLibrary();
let signer: LocalJwsSigner;
beforeAll(async () => {
  signer = await LocalJwsSigner.generate();
});

async function issue(
  overrides: Partial<PrintedFields> = {},
  options: { issuedAt?: Date; library?: FontLibrary } = {},
) {
  const fields = { ...base, ...overrides };
  const issuedAt = options.issuedAt ?? ISSUED;
  const credential = buildOpenBadgeCredential({
    fields,
    ...sampleCredentialParts,
    issuedAt,
    validUntil: VALID_UNTIL,
  });
  const { jws } = await signCredential(credential, signer);
  const rendered = await renderCertificatePdf(
    { fields, issuedAt, validUntil: VALID_UNTIL, credentialJws: jws },
    options.library ?? fonts,
  );
  return { fields, jws, rendered };
}

const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, '');

/** Words between two anchor words, by vertical position (pdftotext's top-down y). */
function between(words: Word[], after: string, before: string): Word[] {
  const top = words.find((w) => w.text === after) as Word;
  const bottom = words.find((w) => w.text === before) as Word;
  return words.filter((w) => w.yMin > top.yMax - 1 && w.yMax < bottom.yMin + 1);
}

describe('renderCertificatePdf', () => {
  it.each([
    ['Latin with diacritics', 'Zoë Łukasiewicz'],
    ['Cyrillic', 'Иван Петров'],
    ['Chinese', '李雷'],
    ['a very long mixed-script name', LONG_NAME],
  ])(
    'prints %s: pdf-lib loads it, its text holds name, title and id, every name word is inked',
    async (_, name) => {
      const { rendered, fields } = await issue({ learner_name: name });

      const loaded = await PDFDocument.load(rendered.bytes, { updateMetadata: false });
      expect(loaded.getPageCount()).toBe(1);
      expect(loaded.getPage(0).getSize()).toEqual({ width: PAGE.width, height: PAGE.height });
      expect(loaded.getCreationDate()).toEqual(ISSUED);
      expect(loaded.getModificationDate()).toEqual(ISSUED);

      const pdf = await poppler(rendered.bytes);
      try {
        const words = await pdf.words();
        const text = squash(words.map((w) => w.text).join(' '));
        expect(text).toContain(squash(name));
        expect(text).toContain(squash(fields.pathway_title));
        expect(text).toContain(fields.certificate_id);
        expect(text).toContain(fields.verification_url);

        // The glyphs are drawn, not just mapped to text: every word of the name carries ink.
        const nameWords = between(words, 'that', 'has');
        expect(squash(nameWords.map((w) => w.text).join(''))).toBe(squash(name));
        const page = await pdf.raster(100);
        for (const word of nameWords) expect(ink(page, word, 100)).toBeGreaterThan(0.12);
      } finally {
        await pdf.close();
      }
    },
  );

  it('embeds subsets with Unicode maps, and reads CJK fonts only for text that needs them', async () => {
    const latinOnly = new FontLibrary();
    const latin = await issue({}, { library: latinOnly });
    expect(latin.rendered.fonts).toEqual(['noto-sans/bold', 'noto-sans/regular']);
    expect(latinOnly.loadedFaces()).toEqual(['noto-sans']);

    expect((await issue({ learner_name: '李雷' })).rendered.fonts).toContain('noto-sans-sc/bold');
    const korean = await issue({ learner_name: '김민준', pathway_title: '이미지 생성 기초' });
    expect(korean.rendered.fonts).toEqual(
      expect.arrayContaining(['noto-sans-kr/bold', 'noto-sans/bold', 'noto-sans/regular']),
    );

    const pdf = await poppler(korean.rendered.bytes);
    try {
      const embedded = await pdf.fonts();
      expect(embedded).toHaveLength(3);
      for (const font of embedded) {
        expect(font).toMatchObject({ embedded: true, subset: true, unicode: true });
      }
    } finally {
      await pdf.close();
    }
    // Subsets keep the files small: a CJK name costs kilobytes, not the 10 MB font.
    expect(korean.rendered.bytes.byteLength).toBeLessThan(60_000);
  });

  it('wraps a very long name, title and instructor line and keeps every word inside the frame', async () => {
    const { rendered } = await issue({
      learner_name: LONG_NAME,
      pathway_title: LONG_TITLE,
      instructor_line: `Instructors: ${Array.from({ length: 12 }, (_, i) => `Instructor Number${i + 1}`).join(', ')}`,
    });
    const pdf = await poppler(rendered.bytes);
    try {
      const words = await pdf.words();
      const frame = 26;
      for (const word of words) {
        expect(word.xMin).toBeGreaterThanOrEqual(frame);
        expect(word.xMax).toBeLessThanOrEqual(PAGE.width - frame);
        expect(word.yMin).toBeGreaterThanOrEqual(frame);
        expect(word.yMax).toBeLessThanOrEqual(PAGE.height - frame);
      }
      const nameWords = between(words, 'that', 'has');
      const lines = new Set(nameWords.map((w) => Math.round(w.yMin)));
      expect(lines.size).toBeGreaterThanOrEqual(3);
      const titleWords = between(words, 'pathway', 'Completed');
      expect(squash(titleWords.map((w) => w.text).join(''))).toBe(squash(LONG_TITLE));
      expect(new Set(titleWords.map((w) => Math.round(w.yMin))).size).toBeGreaterThanOrEqual(2);
      // The middle never runs into the footer.
      const footerTop = words.find((w) => w.text === 'Certificate' && w.yMin > 400) as Word;
      const instructors = words.filter((w) => w.text.startsWith('Number'));
      expect(Math.max(...instructors.map((w) => w.yMax))).toBeLessThan(footerTop.yMin);
    } finally {
      await pdf.close();
    }
  });

  it('breaks a name with no break opportunity between graphemes instead of overflowing', async () => {
    const { rendered } = await issue({ learner_name: 'W'.repeat(150) });
    const pdf = await poppler(rendered.bytes);
    try {
      const nameWords = between(await pdf.words(), 'that', 'has');
      expect(nameWords.length).toBeGreaterThanOrEqual(3);
      expect(nameWords.map((w) => w.text).join('')).toBe('W'.repeat(150));
      for (const word of nameWords)
        expect(word.xMax - word.xMin).toBeLessThanOrEqual(PAGE.width - 160);
    } finally {
      await pdf.close();
    }
  });

  it('draws a QR code that scans to the verification URL', async () => {
    const { rendered, fields } = await issue({ learner_name: '李雷' });
    const pdf = await poppler(rendered.bytes);
    try {
      // Pointed at the lower right quarter of the page, as a phone would be.
      const quarter = {
        x: PAGE.width / 2,
        y: PAGE.height / 2,
        width: PAGE.width / 2,
        height: PAGE.height / 2,
      };
      expect(await pdf.qr(150, quarter)).toBe(fields.verification_url);
    } finally {
      await pdf.close();
    }
  });

  it('attaches the signed credential, which verifies and names the learner, and its JSON', async () => {
    const { rendered, jws } = await issue({ learner_name: 'Иван Петров' });
    const pdf = await poppler(rendered.bytes);
    try {
      const files = await pdf.attachments();
      const names = attachmentNames('7K3QX9M2R4TB');
      expect([...files.keys()].sort()).toEqual([names.json, names.jws].sort());
      const attached = (files.get(names.jws) as Buffer).toString('utf8');
      expect(attached).toBe(jws);
      const { credential } = await verifyCredentialJws(attached, signer.jwks());
      expect(credential.credentialSubject.identifier?.[0]?.identityHash).toBe('Иван Петров');
      expect(credential.credentialSubject.achievement.name).toBe(base.pathway_title);
      expect(JSON.parse((files.get(names.json) as Buffer).toString('utf8'))).toEqual(
        credentialFromJws(jws),
      );
    } finally {
      await pdf.close();
    }
  });

  it('is reproducible: the same input gives the same bytes, another issue time does not', async () => {
    const a = await issue({ learner_name: '李雷' });
    const b = await issue({ learner_name: '李雷' });
    expect(Buffer.from(b.rendered.bytes).equals(Buffer.from(a.rendered.bytes))).toBe(true);
    expect(b.rendered.sha256).toBe(a.rendered.sha256);
    expect(a.rendered.sha256).toMatch(/^[0-9a-f]{64}$/);
    const later = await issue(
      { learner_name: '李雷' },
      { issuedAt: new Date('2026-11-23T08:00:00Z') },
    );
    expect(later.rendered.sha256).not.toBe(a.rendered.sha256);
  });

  it('refuses a name no embedded font can draw instead of printing empty boxes', async () => {
    const attempt = issue({ learner_name: 'محمد Ali' });
    await expect(attempt).rejects.toBeInstanceOf(UnsupportedCharactersError);
    await expect(attempt).rejects.toThrow(/م/);
  });

  it('validates the printed fields before drawing anything', async () => {
    await expect(issue({ learner_name: 'Ada\nLovelace' })).rejects.toBeInstanceOf(ZodError);
    await expect(issue({ completion_date: '22/11/2026' })).rejects.toBeInstanceOf(ZodError);
  });
});
