import { assembleDraft, buildModuleContent } from '../../../shared/generation/content';
import { planCourse } from '../../../shared/generation/course-outline';
import { checkGrounding, plainText } from '../../../shared/generation/quiz';
import { readFixture, utf8 } from './fixture';
import { analysed } from './pipeline-fixture';

function generate(sources = readFixture()) {
  const { analyses, terms, byId } = analysed(sources);
  const plan = planCourse(analyses, terms, null);
  const contents = plan.modules.map((m) =>
    buildModuleContent(
      m,
      m.documents.map((id) => ({ text: byId.get(id)!.doc.text, analysis: byId.get(id)!.analysis })),
    ),
  );
  const rankings = Object.fromEntries(
    plan.modules.map((m) => [
      m.module_key,
      m.documents
        .flatMap((id) => terms.get(id) ?? [])
        .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
        .map((t) => t.term),
    ]),
  );
  const pool = [...terms.values()].flat().map((t) => t.term);
  const texts = new Map([...byId].map(([id, v]) => [id, v.doc.text]));
  return { draft: assembleDraft(contents, pool, rankings), contents, texts };
}

describe('the deterministic generator on the fixture repository', () => {
  const { draft, texts } = generate();

  it('writes articles from sections, exercises from code blocks and a quiz per module', () => {
    expect(draft.modules.map((m) => m.title)).toEqual([
      'Version Control with Git',
      'Basics',
      'Branching',
      'Remotes',
    ]);
    const remotes = draft.modules[3]!;
    expect(remotes.resources.map((r) => `${r.type}: ${r.title}`)).toEqual([
      'article: Working with remotes',
      'exercise: Exercise: Working with remotes (bash)',
      'article: Fetching and pushing',
      'quiz: Quiz: Remotes',
    ]);
    for (const m of draft.modules)
      expect(m.resources.filter((r) => r.type === 'quiz')).toHaveLength(1);
  });

  it('cites each article’s and exercise’s source range, whose text it carries', () => {
    for (const r of draft.modules.flatMap((m) => m.resources)) {
      if (r.type === 'quiz') continue;
      const cited = texts.get(r.source.document_id)!.slice(r.source.start, r.source.end);
      if (r.type === 'article') expect(r.description.startsWith(cited)).toBe(true);
      else expect(r.description).toContain(cited.split('\n').slice(1, -1).join('\n'));
    }
  });

  it('keys every quiz question to an answer its cited span contains', () => {
    const questions = draft.modules.flatMap((m) =>
      m.resources.flatMap((r) => (r.type === 'quiz' ? r.questions : [])),
    );
    expect(questions.length).toBeGreaterThanOrEqual(8);
    for (const q of questions) {
      const text = texts.get(q.source.document_id)!;
      expect(checkGrounding(q, text)).toEqual([]);
      expect(plainText(text.slice(q.source.start, q.source.end)).toLowerCase()).toContain(q.answer);
    }
  });

  it('never asks two questions with the same answer or sentence in one quiz', () => {
    for (const m of draft.modules) {
      const qs = m.resources.flatMap((r) => (r.type === 'quiz' ? r.questions : []));
      expect(new Set(qs.map((q) => q.answer)).size).toBe(qs.length);
      expect(new Set(qs.map((q) => q.source.start + q.source.document_id)).size).toBe(qs.length);
    }
  });

  it('sums module durations from their resources', () => {
    for (const m of draft.modules)
      expect(m.duration_minutes).toBe(m.resources.reduce((n, r) => n + r.duration_minutes, 0));
  });

  it('produces a byte-identical draft from unchanged sources, whatever their order', () => {
    expect(JSON.stringify(generate([...readFixture()].reverse()).draft)).toBe(
      JSON.stringify(draft),
    );
  });

  it('leaves modules whose documents did not change as they were when one document changes', () => {
    const changed = readFixture().map((f) =>
      f.path === 'docs/10-remotes/remotes.md'
        ? {
            ...f,
            bytes: utf8(
              new TextDecoder().decode(f.bytes).replace('usually hosted', 'often hosted'),
            ),
          }
        : f,
    );
    const rerun = generate(changed);
    const after = rerun.draft;
    // The checkpointed units of the other modules are the same: only Remotes' is recomputed.
    expect(JSON.stringify(rerun.contents.slice(0, 3))).toBe(
      JSON.stringify(generate().contents.slice(0, 3)),
    );
    const remotesBefore = JSON.stringify(draft.modules[3]);
    expect(JSON.stringify(after.modules[3])).not.toBe(remotesBefore);
    expect(JSON.stringify(after.modules.slice(0, 3))).toBe(
      JSON.stringify(draft.modules.slice(0, 3)),
    );
  });
});
