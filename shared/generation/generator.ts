import { analyseDocument, type DocumentAnalysis } from './analysis';
import type { SourceFile } from './archive';
import {
  assembleDraft,
  buildModuleContent,
  type ContentDocument,
  type Draft,
  type ModuleContent,
} from './content';
import {
  planCourse,
  type AuthorOutline,
  type CoursePlan,
  type PlannedModule,
} from './course-outline';
import { takeInventory, type Inventory, type SelectedDocument } from './inventory';
import { keyTerms, type WeightedTerm } from './terms';

/**
 * What the pipeline asks of a generator, one call per checkpointed unit. Checkpoints are keyed
 * by the hash of a call's arguments and `name@version`, so a unit is asked for once per distinct
 * input: switching or changing the generator recomputes everything, and an unchanged re-run
 * reuses stored results instead of calling it again. The outline and module content may be
 * asynchronous: that is where a model-backed generator (Vertex AI Gemini over its REST API, at
 * temperature 0) would answer. Whatever answers, a quiz stem that does not quote its document
 * exactly where it says is dropped, and a question that its quote does not support is never
 * asked (`completeQuestion`).
 */
export interface CourseGenerator {
  readonly name: string;
  readonly version: number;
  inventory(sources: SourceFile[]): Inventory;
  analyse(document: SelectedDocument): DocumentAnalysis;
  keyTerms(analyses: DocumentAnalysis[]): Map<string, WeightedTerm[]>;
  outline(
    analyses: DocumentAnalysis[],
    terms: Map<string, WeightedTerm[]>,
    authorOutline: AuthorOutline | null,
  ): CoursePlan | Promise<CoursePlan>;
  moduleContent(
    module: PlannedModule,
    documents: ContentDocument[],
  ): ModuleContent | Promise<ModuleContent>;
  assemble(contents: ModuleContent[], pool: string[], rankings: Record<string, string[]>): Draft;
}

const KEY_TERMS_PER_DOCUMENT = 8;

/** The default: rules over the sources' own structure and text, no model involved. */
export const deterministicGenerator: CourseGenerator = {
  name: 'deterministic',
  version: 1,
  inventory: (sources) => takeInventory(sources),
  analyse: analyseDocument,
  keyTerms: (analyses) => keyTerms(analyses, KEY_TERMS_PER_DOCUMENT),
  outline: planCourse,
  moduleContent: buildModuleContent,
  assemble: assembleDraft,
};
