import { createHash } from 'node:crypto';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PDF = Buffer.from('%PDF-1.7\n', 'latin1');

/** Bytes that start like a real file of the type and are `size` long. */
export function fileBytes(kind: 'png' | 'pdf' | 'text', size: number): Buffer {
  const head = kind === 'png' ? PNG : kind === 'pdf' ? PDF : Buffer.from('Hello, reviewer.\n');
  const body = Buffer.alloc(Math.max(size, head.length), kind === 'text' ? 0x61 : 0x20);
  head.copy(body, 0);
  return body.subarray(0, size);
}

export function md5Base64(data: Buffer): string {
  return createHash('md5').update(data).digest('base64');
}
