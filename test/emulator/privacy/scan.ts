import type { DocumentReference, Firestore } from 'firebase-admin/firestore';

/** One stored document, as text: its path and its data with timestamps as they serialise. */
export interface ScannedDocument {
  path: string;
  text: string;
}

async function scanDocument(ref: DocumentReference, out: ScannedDocument[]): Promise<void> {
  const snap = await ref.get();
  if (snap.exists) out.push({ path: ref.path, text: JSON.stringify(snap.data()) });
  // A document may be missing and still hold subcollections: listDocuments finds those too.
  for (const sub of await ref.listCollections()) {
    for (const child of await sub.listDocuments()) await scanDocument(child, out);
  }
}

/** Every document in the database, through every collection and subcollection. */
export async function scanFirestore(firestore: Firestore): Promise<ScannedDocument[]> {
  const out: ScannedDocument[] = [];
  for (const collection of await firestore.listCollections()) {
    for (const ref of await collection.listDocuments()) await scanDocument(ref, out);
  }
  return out;
}

/** Documents whose path or data mention any of `needles`, ignoring case. */
export function mentioning(docs: ScannedDocument[], needles: string[]): ScannedDocument[] {
  const lower = needles.map((n) => n.toLowerCase());
  return docs.filter((d) => {
    const hay = `${d.path}\n${d.text}`.toLowerCase();
    return lower.some((n) => hay.includes(n));
  });
}
