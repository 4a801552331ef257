import { existsSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { FONT_FACES, FontLibrary } from '../../../shared/certificates/fonts';
import { poppler } from '../../helpers/pdf';

const [latin, sc, kr] = FONT_FACES as [
  (typeof FONT_FACES)[number],
  (typeof FONT_FACES)[number],
  (typeof FONT_FACES)[number],
];

describe('FontLibrary', () => {
  it('ships TrueType files for every face and weight', () => {
    for (const face of FONT_FACES) {
      for (const file of Object.values(face.files)) {
        expect(file).toMatch(/\.ttf$/);
        expect(existsSync(file)).toBe(true);
      }
    }
  });

  it('assigns each grapheme to the first face that draws all of it', async () => {
    const fonts = new FontLibrary();
    const faces = await fonts.assign([
      'Zoë',
      'Ἀ',
      'Щ',
      'ệ',
      '李',
      'か',
      '한',
      'e\u0301',
      'م',
      '🌸',
    ]);
    const id = (cluster: string) => faces.get(cluster)?.id ?? null;
    expect(['Z', 'o', 'ë', 'Ἀ', 'Щ', 'ệ', 'e\u0301'].map(id)).toEqual(Array(7).fill(latin.id));
    expect(['李', 'か'].map(id)).toEqual([sc.id, sc.id]);
    expect(id('한')).toBe(kr.id);
    expect(id('م')).toBeNull();
    expect(id('🌸')).toBeNull();
  });

  it('reads a fallback face only when some text needs it', async () => {
    const fonts = new FontLibrary();
    await fonts.assign(['Zoë Łukasiewicz', 'Иван Петров']);
    expect(fonts.loadedFaces()).toEqual([latin.id]);
    await fonts.assign(['李雷']);
    expect(fonts.loadedFaces()).toEqual([latin.id, sc.id]);
  });

  it('measures text exactly as pdf-lib lays it out', async () => {
    const fonts = new FontLibrary();
    const bytes = await fonts.bytes(latin, 'bold');
    const doc = await PDFDocument.create();
    doc.registerFontkit(fonts.fontkit);
    const font = await doc.embedFont(bytes, { subset: true });
    for (const text of ['Łukasiewicz', 'office affluent', 'Иван Петров', 'Ἀριστοτέλης']) {
      expect(fonts.unitWidth(bytes, text) * 24).toBeCloseTo(font.widthOfTextAtSize(text, 24), 6);
    }
  });

  it('keeps every letter in the text layer of later documents sharing the parsed font', async () => {
    // Greek capital epsilon is a composite of Latin E: subsetting it must not strip the code
    // point from the E that a later document lays out with the same font object.
    const fonts = new FontLibrary();
    const bytes = await fonts.bytes(latin, 'bold');
    const render = async (text: string) => {
      const doc = await PDFDocument.create();
      doc.registerFontkit(fonts.fontkit);
      const font = await doc.embedFont(bytes, { subset: true });
      doc.addPage([400, 100]).drawText(text, { x: 10, y: 40, size: 20, font });
      return doc.save();
    };
    await render('Ευαγγελία');
    const pdf = await poppler(await render('Engineering Evaluation'));
    try {
      expect(await pdf.text()).toBe('Engineering Evaluation');
    } finally {
      await pdf.close();
    }
  });
});
