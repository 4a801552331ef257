import { planCourse } from '../../../shared/generation/course-outline';
import { analysed } from './pipeline-fixture';
import { utf8 } from './fixture';

const titles = (plan: ReturnType<typeof planCourse>) => plan.modules.map((m) => m.title);

describe('planCourse', () => {
  const { analyses, terms, byId } = analysed();
  const paths = (ids: string[]) => ids.map((id) => byId.get(id)?.doc.path);

  it('makes a module per folder below the shared one, root first, in natural order', () => {
    const plan = planCourse(analyses, terms, null);
    expect(titles(plan)).toEqual(['Version Control with Git', 'Basics', 'Branching', 'Remotes']);
    expect(plan.modules.map((m) => paths(m.documents))).toEqual([
      ['README.md'],
      ['docs/01-basics/README.md', 'docs/01-basics/commits.md', 'docs/01-basics/setup.md'],
      ['docs/02-branching/branches.md', 'docs/02-branching/rebase.md'],
      ['docs/10-remotes/remotes.md'],
    ]);
  });

  it('gives each module its reading time, five minutes per exercise and five for the quiz', () => {
    const plan = planCourse(analyses, terms, null);
    const remotes = plan.modules[3];
    expect(remotes?.duration_minutes).toBe(1 + 5 + 5);
  });

  it('does not depend on the order of its input', () => {
    expect(planCourse([...analyses].reverse(), terms, null)).toEqual(
      planCourse(analyses, terms, null),
    );
  });

  it('follows an author outline exactly and reports the documents it leaves out', () => {
    const plan = planCourse(analyses, terms, {
      modules: [
        { title: 'Remotes first', documents: ['docs/10-remotes/remotes.md'] },
        {
          title: 'Then commits',
          documents: ['docs/01-basics/setup.md', 'docs/01-basics/commits.md'],
        },
      ],
    });
    expect(titles(plan)).toEqual(['Remotes first', 'Then commits']);
    expect(paths(plan.modules[1]?.documents ?? [])).toEqual([
      'docs/01-basics/setup.md',
      'docs/01-basics/commits.md',
    ]);
    expect(paths(plan.unplaced).sort()).toEqual([
      'README.md',
      'docs/01-basics/README.md',
      'docs/02-branching/branches.md',
      'docs/02-branching/rebase.md',
    ]);
  });

  it('refuses an author outline naming a document that is not selected, with its field path', () => {
    expect(() =>
      planCourse(analyses, terms, {
        modules: [
          { title: 'A', documents: ['README.md'] },
          { title: 'B', documents: ['README.md', 'drafts/stash.md'] },
        ],
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid_argument',
        details: [
          {
            path: 'outline.modules.1.documents.0',
            message: 'README.md is already in an earlier module',
          },
          {
            path: 'outline.modules.1.documents.1',
            message: 'drafts/stash.md is not a selected document',
          },
        ],
      }),
    );
  });

  it('makes one module per document in a small flat folder', () => {
    const flat = analysed(
      ['b.md', 'a.md', 'README.md'].map((p) => ({
        path: `notes/${p}`,
        bytes: utf8(`# ${p}\n\nText.`),
      })),
    );
    expect(titles(planCourse(flat.analyses, flat.terms, null))).toEqual([
      'README.md',
      'a.md',
      'b.md',
    ]);
  });

  it('clusters a large flat folder by shared key terms, at most eight documents a module', () => {
    const topics = ['alpha beta', 'gamma delta'];
    const files = Array.from({ length: 20 }, (_, i) => {
      const topic = topics[i < 10 ? 0 : 1] as string;
      const text = `# Doc ${i}\n\n${topic} ${topic} ${topic} note${i} note${i}.`;
      return { path: `notes/${String(i).padStart(2, '0')}.md`, bytes: utf8(text) };
    });
    const flat = analysed(files);
    const plan = planCourse(flat.analyses, flat.terms, null);
    expect(plan.modules.map((m) => m.documents.length)).toEqual([8, 2, 8, 2]);
  });
});
