import { Timestamp } from 'firebase-admin/firestore';
import type { Caller } from '../../../shared/auth';
import type { PathwayDoc } from '../../../shared/catalog/model';
import { toCatalogDraft } from '../../../shared/generation/catalog-draft';
import type { Draft, GeneratedResource } from '../../../shared/generation/content';
import { CatalogBudget, fitDraft, measureDraft } from '../../../shared/generation/draft-budget';
import { documentSize, MAX_DOCUMENT_BYTES } from '../../../shared/platform/document-size';
import { createUser } from '../../helpers/auth';
import { db, testServices } from '../../helpers/services';

/**
 * A repository of 1,000 documents (10 folders of 100) with four long sections each under long
 * headings, drafted at one article per section: 4,000 resources, an outline of about 1.3 MB. The
 * catalog refuses that pathway before writing anything; the fitted draft (one article per
 * document) lands, with more text than one commit carries, and the outline size the budget
 * predicted is the one the catalog stores. (The bench runs the whole pipeline on 2,000 documents.)
 */
const MODULES = 10;
const DOCUMENTS = 100;
const SECTIONS = 4;

function largeDraft(): Draft {
  const modules = Array.from({ length: MODULES }, (_, m) => {
    const resources = Array.from({ length: DOCUMENTS }, (_, d) => {
      const document_id = `doc-${m}-${d}`;
      const path = `docs/${String(m).padStart(2, '0')}-chapter/topic-${d}.md`;
      return Array.from({ length: SECTIONS }, (_, s): GeneratedResource => ({
        key: `art-${m}-${d}-${s}`,
        type: 'article',
        title: `Part ${s + 1} of topic ${m * DOCUMENTS + d}: `.padEnd(200, 'a long heading '),
        description: `${'The cache index query shard replica commit. '.repeat(30)}\n\nSource: ${path}`,
        duration_minutes: 1,
        source: { document_id, path, start: s * 1400, end: s * 1400 + 1350 },
      }));
    });
    return {
      module_key: `mod-${m}`,
      title: `Chapter ${m}`,
      duration_minutes: 0,
      resources: resources.flat(),
    };
  });
  return { modules };
}

describe('a course drafted from 1,000 long documents', () => {
  const project = { title: 'A large repository', description: null };
  const courseId = 'large-draft-course';
  const draft = largeDraft();
  const toCatalog = (d: Draft) => toCatalogDraft(courseId, project, d);

  it('does not fit one pathway at one article per section, and the catalog refuses it', async () => {
    const owner = await createUser('instructor', 'gen-large-refused');
    const caller: Caller = {
      uid: owner.uid,
      role: 'instructor',
      email: undefined,
      name: undefined,
    };
    const size = measureDraft(toCatalog(draft));
    expect(size.resources).toBe(MODULES * DOCUMENTS * SECTIONS);
    expect(size.outline_bytes).toBeGreaterThan(MAX_DOCUMENT_BYTES);
    expect(size.outline_bytes).toBeGreaterThan(CatalogBudget.outlineBytes);
    await expect(
      testServices().catalog.drafts.replace(
        caller,
        'course-large-refused',
        toCatalog(draft),
        Timestamp.now(),
        { requestId: 'large-draft' },
      ),
    ).rejects.toMatchObject({ code: 'payload_too_large' });
    const written = await db()
      .collection('resources')
      .where('pathway_id', '==', 'course-large-refused')
      .get();
    expect(written.size).toBe(0);
  });

  it('is fitted to one article per document and written, its outline the size predicted', async () => {
    const owner = await createUser('instructor', 'gen-large-fitted');
    const caller: Caller = {
      uid: owner.uid,
      role: 'instructor',
      email: undefined,
      name: undefined,
    };
    const fitted = fitDraft(draft, toCatalog);
    expect(fitted.granularity).toBe('documents');
    expect(fitted.size.resources).toBe(MODULES * DOCUMENTS);
    await testServices().catalog.drafts.replace(
      caller,
      'course-large-fitted',
      toCatalog(fitted.draft),
      Timestamp.now(),
      { requestId: 'large-draft' },
    );
    const stored = (await db().doc('pathways/course-large-fitted').get()).data() as PathwayDoc;
    expect(stored.outline.modules).toHaveLength(MODULES);
    expect(stored.outline.modules.flatMap((m) => m.resources)).toHaveLength(MODULES * DOCUMENTS);
    const resources = await db()
      .collection('resources')
      .where('pathway_id', '==', 'course-large-fitted')
      .get();
    expect(resources.size).toBe(MODULES * DOCUMENTS);
    // More than one commit carries in the emulator (4 MiB), let alone with the outline.
    const bytes = resources.docs.reduce((n, d) => n + documentSize(d.ref.path, d.data()), 0);
    expect(bytes).toBeGreaterThan(4 * 1024 * 1024);
    const outlineBytes = documentSize('pathways/x', { outline: stored.outline });
    expect(outlineBytes).toBe(fitted.size.outline_bytes);
    expect(outlineBytes).toBeLessThanOrEqual(CatalogBudget.outlineBytes);
  });
});
