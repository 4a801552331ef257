import { compoundDocumentType } from './cfb';
import { CFB_TYPE, detectType, judgeDeclaredType, SNIFF_BYTES, type Verdict } from './magic';
import type { ObjectReader } from './object-reader';
import { zipDocumentType } from './ooxml';

/**
 * What an uploaded object really is: its first bytes, and for containers (zip, OLE compound
 * files) the package's own declaration, read with a few ranged reads. Submissions, feedback
 * files and instructor media all decide with it.
 */
export async function detectObjectType(
  reader: ObjectReader,
  head?: Buffer,
): Promise<string | null> {
  const first = head ?? (await reader.read(0, SNIFF_BYTES - 1));
  const detected = detectType(first, reader.size <= SNIFF_BYTES);
  if (detected === 'application/zip') return zipDocumentType(reader);
  if (detected === CFB_TYPE) return compoundDocumentType(reader, first);
  return detected;
}

/** Does the object agree with the type it was declared as? */
export async function inspectObject(
  reader: ObjectReader,
  declared: string,
  head?: Buffer,
): Promise<Verdict> {
  return judgeDeclaredType(declared, await detectObjectType(reader, head));
}
