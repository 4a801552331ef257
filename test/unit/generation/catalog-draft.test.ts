import { draftPathwayId, toCatalogDraft } from '../../../shared/generation/catalog-draft';
import type { Draft } from '../../../shared/generation/content';
import { SlugSchema } from '../../../shared/schemas/common';
import { ResourceKeySchema } from '../../../shared/catalog/schemas';

const source = { document_id: 'doc-1', path: 'a.md', start: 0, end: 40 };
const draft: Draft = {
  modules: [
    {
      module_key: 'mod-1',
      title: 'Basics',
      duration_minutes: 7,
      resources: [
        {
          key: 'art-1',
          type: 'article',
          title: 'Intro',
          description: 'Text',
          duration_minutes: 2,
          source,
        },
        {
          key: 'quiz-1',
          type: 'quiz',
          title: 'Quiz: Basics',
          duration_minutes: 5,
          questions: [
            {
              question_id: 'q-1',
              prompt: 'Fill in the blank: A _____ x.',
              options: ['b', 'a', 'c'],
              answer_index: 1,
              answer: 'a',
              source,
            },
          ],
        },
      ],
    },
  ],
};

describe('toCatalogDraft', () => {
  const catalog = toCatalogDraft('course-uuid-1', { title: 'Course', description: null }, draft);

  it('derives catalog ids from the project and the units’ keys, valid as slugs and keys', () => {
    const ids = [catalog.modules[0]!.id, ...catalog.modules[0]!.resources.map((r) => r.id)];
    for (const id of ids) expect(SlugSchema.safeParse(id).success).toBe(true);
    for (const r of catalog.modules[0]!.resources)
      expect(ResourceKeySchema.safeParse(r.key).success).toBe(true);
    expect(
      toCatalogDraft('course-uuid-2', { title: 'Course', description: null }, draft).modules[0]!.id,
    ).not.toBe(catalog.modules[0]!.id);
    expect(SlugSchema.safeParse(draftPathwayId('course-uuid-1')).success).toBe(true);
  });

  it('keys each quiz question to its answer index and keeps its source span', () => {
    const quiz = catalog.modules[0]!.resources[1]!;
    expect(quiz.quiz).toEqual({
      questions: [
        {
          id: 'q-1',
          prompt: 'Fill in the blank: A _____ x.',
          options: ['b', 'a', 'c'],
          correct: [1],
        },
      ],
      sources: { 'q-1': source },
    });
  });

  it('is a pure function of its inputs', () => {
    expect(toCatalogDraft('course-uuid-1', { title: 'Course', description: null }, draft)).toEqual(
      catalog,
    );
  });
});
