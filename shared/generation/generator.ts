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
 * What the pipeline asks of a generator, one call per checkpointed unit. Every method must be a
 * pure function of its arguments: checkpoints are keyed by the hash of those arguments, so a
 * generator that answered differently for the same inputs would break resumption and the
 * identical re-run. `name` and `version` enter every unit's hash, so switching generators or
 * changing one recomputes everything.
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
  ): CoursePlan;
  moduleContent(module: PlannedModule, documents: ContentDocument[]): ModuleContent;
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
