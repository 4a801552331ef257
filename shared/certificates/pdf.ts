import { createHash } from 'node:crypto';
import { AFRelationship, PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { credentialFromJws } from './credential';
import type { FontFace, FontLibrary, FontStyle } from './fonts';
import type { PrintedFields } from './model';
import {
  attachmentNames,
  certificateDesign,
  COLORS,
  FLOW,
  FOOTER,
  HEADER_TOP,
  LINE_HEIGHT,
  PAGE,
  QR,
  type DesignBlock,
} from './pdf-design';
import { qrRuns } from './qr';
import { PrintedFieldsSchema } from './schemas';
import {
  clusters,
  fitBlock,
  UnsupportedCharactersError,
  type FittedBlock,
  type Measurer,
} from './text-layout';

/**
 * Renders a certificate (see pdf-design.ts) as a one-page PDF with pdf-lib, the signed Open
 * Badges credential attached. The same input always gives the same bytes: every date comes from
 * the issue time and font subsets are named deterministically, so the SHA-256 of a PDF
 * identifies it, and a re-render of the same certificate reproduces it exactly.
 */

export interface CertificatePdfInput {
  fields: PrintedFields;
  issuedAt: Date;
  validUntil: Date | null;
  /** The signed credential (compact JWS); attached as is and as its decoded JSON. */
  credentialJws: string;
}

export interface RenderedPdf {
  bytes: Uint8Array;
  sha256: string;
  /** `face/style` of every embedded font subset. */
  fonts: string[];
}

interface EmbeddedFont {
  pdf: PDFFont;
  bytes: Uint8Array;
}

export async function renderCertificatePdf(
  input: CertificatePdfInput,
  fonts: FontLibrary,
): Promise<RenderedPdf> {
  const fields = PrintedFieldsSchema.parse(input.fields);
  const design = certificateDesign(fields, input.issuedAt, input.validUntil);
  const blocks = [...design.header, ...design.flow, ...design.footer, design.qrLabel];

  const assignment = await fonts.assign(blocks.map((b) => b.text));
  const missing = [...assignment].filter(([, face]) => face === null).map(([cluster]) => cluster);
  if (missing.length > 0) throw new UnsupportedCharactersError(missing);

  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fonts.fontkit);
  // A subset of each (face, weight) some text uses, embedded in order of first use.
  const embedded = new Map<string, EmbeddedFont>();
  for (const block of blocks) {
    for (const cluster of clusters(block.text)) {
      const face = assignment.get(cluster);
      if (!face || embedded.has(`${face.id}/${block.style}`)) continue;
      const bytes = await fonts.bytes(face, block.style);
      const pdf = await doc.embedFont(bytes, {
        subset: true,
        customName: subsetName(face, block.style, fonts),
      });
      embedded.set(`${face.id}/${block.style}`, { pdf, bytes });
    }
  }
  const measurer = (style: FontStyle): Measurer<EmbeddedFont> => ({
    fontFor: (cluster) => {
      const face = assignment.get(cluster);
      return face ? (embedded.get(`${face.id}/${style}`) ?? null) : null;
    },
    width: (font, text, size) => fonts.unitWidth(font.bytes, text) * size,
  });
  const measurers = { regular: measurer('regular'), bold: measurer('bold') };
  const fit = (block: DesignBlock) => fitBlock(block.text, measurers[block.style], block.box);

  const page = doc.addPage([PAGE.width, PAGE.height]);
  drawFrame(page);
  drawStack(page, design.header.map(fitWith(fit)), HEADER_TOP, 'center');
  // The middle: each block at its largest fitting size, the whole centred in the room left.
  const flow = design.flow.map(fitWith(fit));
  const total = flow.reduce((sum, f) => sum + f.block.gapBefore + f.fitted.height, 0);
  const room = FLOW.top - FLOW.bottom;
  if (total > room) throw new Error(`Certificate layout overflow: ${total} pt > ${room} pt`);
  drawStack(page, flow, FLOW.top - (room - total) / 2, 'center');
  drawStack(page, design.footer.map(fitWith(fit)), FOOTER.top, FOOTER.left);
  drawStack(page, [fitWith(fit)(design.qrLabel)], QR.y + QR.size + 13, 'qr');
  drawQr(page, fields.verification_url);

  await attachCredential(doc, fields.certificate_id, input);
  doc.setTitle(`${fields.pathway_title}: certificate of completion for ${fields.learner_name}`);
  doc.setAuthor(fields.issuer_name);
  doc.setSubject(`Certificate ${fields.certificate_id}, verify at ${fields.verification_url}`);
  doc.setKeywords(['certificate', fields.certificate_id, fields.pathway_id]);
  doc.setCreator('Pathwise');
  doc.setProducer('Pathwise certificates (pdf-lib)');
  doc.setLanguage('en');
  doc.setCreationDate(input.issuedAt);
  doc.setModificationDate(input.issuedAt);

  const bytes = await doc.save();
  return {
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    fonts: [...embedded.keys()],
  };
}

/** The JWS as is (what verifies) and its credential as readable JSON, dated at issue. */
async function attachCredential(
  doc: PDFDocument,
  certificateId: string,
  input: CertificatePdfInput,
): Promise<void> {
  const names = attachmentNames(certificateId);
  const dated = {
    creationDate: input.issuedAt,
    modificationDate: input.issuedAt,
    afRelationship: AFRelationship.Data,
  };
  await doc.attach(new TextEncoder().encode(input.credentialJws), names.jws, {
    ...dated,
    mimeType: 'application/vc+jwt',
    description: 'Open Badges 3.0 credential, signed (VC-JOSE compact JWS)',
  });
  const json = JSON.stringify(credentialFromJws(input.credentialJws), null, 2);
  await doc.attach(new TextEncoder().encode(json), names.json, {
    ...dated,
    mimeType: 'application/vc',
    description: `Open Badges 3.0 credential as JSON; its signed form is ${names.jws}`,
  });
}

/** PDF subset names carry a six-letter tag; derived from the face so the output is reproducible. */
function subsetName(face: FontFace, style: FontStyle, fonts: FontLibrary): string {
  const index = fonts.faces.indexOf(face);
  const tag = `PW${String.fromCharCode(65 + index)}${style === 'bold' ? 'B' : 'R'}SU`;
  return `${tag}+${face.id}-${style}`;
}

interface Placed {
  block: DesignBlock;
  fitted: FittedBlock<EmbeddedFont>;
}

const fitWith =
  (fit: (block: DesignBlock) => FittedBlock<EmbeddedFont>) =>
  (block: DesignBlock): Placed => ({ block, fitted: fit(block) });

/** Blocks one under the other from `top`, each after its gap. */
function drawStack(
  page: PDFPage,
  stack: Placed[],
  top: number,
  align: 'center' | 'qr' | number,
): void {
  let y = top;
  for (const { block, fitted } of stack) {
    y -= block.gapBefore;
    drawLines(page, fitted, y, align, block.color);
    y -= fitted.height;
  }
}

/** Baselines sit so that ascenders and descenders stay inside the block's height. */
function drawLines(
  page: PDFPage,
  block: FittedBlock<EmbeddedFont>,
  top: number,
  align: 'center' | 'qr' | number,
  color: RGB,
): void {
  block.lines.forEach((line, i) => {
    const baseline = top - i * block.size * LINE_HEIGHT - block.size * 0.93;
    let x =
      align === 'center'
        ? (PAGE.width - line.width) / 2
        : align === 'qr'
          ? QR.x + (QR.size - line.width) / 2
          : align;
    for (const run of line.runs) {
      page.drawText(run.text, { x, y: baseline, size: block.size, font: run.font.pdf, color });
      x += run.width;
    }
  });
}

function drawFrame(page: PDFPage): void {
  const { width, height } = PAGE;
  const frame = (inset: number, borderWidth: number) =>
    page.drawRectangle({
      x: inset,
      y: inset,
      width: width - 2 * inset,
      height: height - 2 * inset,
      borderColor: COLORS.accent,
      borderWidth,
    });
  frame(18, 2.5);
  frame(26, 0.75);
}

/** Dark modules as filled rectangles, one per horizontal run, inside a four-module quiet zone. */
function drawQr(page: PDFPage, text: string): void {
  const { size, runs } = qrRuns(text);
  const module = QR.size / (size + 8);
  for (const run of runs) {
    page.drawRectangle({
      x: QR.x + (4 + run.col) * module,
      y: QR.y + (size + 3 - run.row) * module,
      width: run.length * module,
      height: module,
      color: rgb(0, 0, 0),
    });
  }
}
