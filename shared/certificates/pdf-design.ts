import { rgb, type RGB } from 'pdf-lib';
import type { FontStyle } from './fonts';
import { formatDate, formatDifficulty, formatDuration, formatInstantDate } from './format';
import type { PrintedFields } from './model';
import type { Box } from './text-layout';

/**
 * The certificate's page design, apart from drawing it: A4 landscape, a double frame, a centred
 * header, the learner and the pathway centred in the middle, a footer with the id, the
 * verification URL and the credential note on the left and the QR code on the right. Each text
 * is a block with a box it must fit: its largest size, its smallest, and the room it may take.
 */

export const PAGE = { width: 841.89, height: 595.28 };
export const LINE_HEIGHT = 1.25;
const MARGIN_X = 80;
const CONTENT_W = PAGE.width - 2 * MARGIN_X;

export const QR = { size: 96, x: PAGE.width - MARGIN_X - 96, y: 50 };
export const FOOTER = { left: MARGIN_X, top: 150, width: QR.x - 24 - MARGIN_X };
/** The middle blocks are centred, as a whole, between these two heights. */
export const FLOW = { top: PAGE.height - 156, bottom: 166 };
export const HEADER_TOP = PAGE.height - 58;

export const COLORS = {
  ink: rgb(0.106, 0.141, 0.188),
  accent: rgb(0.122, 0.227, 0.373),
  muted: rgb(0.357, 0.4, 0.459),
};

export interface DesignBlock {
  text: string;
  style: FontStyle;
  box: Box;
  color: RGB;
  /** Space above the block, in points. */
  gapBefore: number;
}

export interface CertificateDesign {
  header: DesignBlock[];
  flow: DesignBlock[];
  footer: DesignBlock[];
  qrLabel: DesignBlock;
}

export function attachmentNames(certificateId: string): { jws: string; json: string } {
  return {
    jws: `open-badge-${certificateId}.jwt`,
    json: `open-badge-${certificateId}.json`,
  };
}

function block(
  text: string,
  style: FontStyle,
  [maxWidth, maxHeight, maxSize, minSize]: [number, number, number, number?],
  color: RGB,
  gapBefore = 0,
): DesignBlock {
  const box = {
    maxWidth,
    maxHeight,
    maxSize,
    minSize: minSize ?? maxSize,
    lineHeight: LINE_HEIGHT,
  };
  return { text: text.normalize('NFC'), style, box, color, gapBefore };
}

export function certificateDesign(
  fields: PrintedFields,
  issuedAt: Date,
  validUntil: Date | null,
): CertificateDesign {
  const { ink, accent, muted } = COLORS;
  const details = [
    `Completed on ${formatDate(fields.completion_date)}`,
    `Duration ${formatDuration(fields.duration_minutes)}`,
    ...(fields.difficulty ? [`Level: ${formatDifficulty(fields.difficulty)}`] : []),
  ].join('   ·   ');
  const issued = [
    `Issued ${formatInstantDate(issuedAt)}`,
    validUntil ? `valid until ${formatInstantDate(validUntil)}` : 'does not expire',
  ].join(', ');
  const w = CONTENT_W;
  const fw = FOOTER.width;
  return {
    header: [
      block(fields.issuer_name, 'bold', [w, 20, 14, 9], accent),
      block('Certificate of Completion', 'bold', [w, 38, 30], ink, 8),
      block('This certifies that', 'regular', [w, 17, 13], muted, 10),
    ],
    flow: [
      block(fields.learner_name, 'bold', [w, 96, 36, 14], ink),
      block('has successfully completed the pathway', 'regular', [w, 17, 13], muted, 10),
      block(fields.pathway_title, 'bold', [w, 62, 24, 11], accent, 8),
      block(details, 'regular', [w, 30, 12, 9], ink, 12),
      ...(fields.instructor_line
        ? [block(fields.instructor_line, 'regular', [w, 30, 12, 8], ink, 4)]
        : []),
    ],
    footer: [
      block('Certificate ID', 'regular', [fw, 10, 8], muted),
      block(fields.certificate_id, 'bold', [fw, 19, 15], ink, 1),
      block('Verify this certificate at', 'regular', [fw, 10, 8], muted, 4),
      block(fields.verification_url, 'regular', [fw, 25, 10, 7], accent, 1),
      block(issued, 'regular', [fw, 12, 9, 7], muted, 4),
      block(
        `The signed Open Badges 3.0 credential is attached to this PDF as ${attachmentNames(fields.certificate_id).jws}.`,
        'regular',
        [fw, 10, 8, 6],
        muted,
        3,
      ),
    ],
    qrLabel: block('Scan to verify', 'regular', [QR.size, 10, 8], muted),
  };
}
