import { analyseDocument, type DocumentAnalysis } from '../../../shared/generation/analysis';
import { takeInventory, type SelectedDocument } from '../../../shared/generation/inventory';
import { keyTerms } from '../../../shared/generation/terms';
import type { SourceFile } from '../../../shared/generation/archive';
import { readFixture } from './fixture';

/** The pure stages run in a row over a set of sources, as the pipeline runs them. */
export function analysed(sources: SourceFile[] = readFixture()) {
  const documents = takeInventory(sources).documents;
  const analyses = documents.map(analyseDocument);
  const terms = keyTerms(analyses, 8);
  const byId = new Map<string, { doc: SelectedDocument; analysis: DocumentAnalysis }>(
    documents.map((doc, i) => [
      doc.document_id,
      { doc, analysis: analyses[i] as DocumentAnalysis },
    ]),
  );
  return { documents, analyses, terms, byId };
}
