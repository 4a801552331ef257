import { QuizInputSchema } from '../../../shared/catalog/quiz-schemas';
import { CreateResourceSchema } from '../../../shared/catalog/schemas';

describe('catalog input rules', () => {
  it('caps upload size at 50 MB and accepts only verifiable MIME types', () => {
    const base = { type: 'exercise', title: 'T', requires_upload: true };
    const tooBig = CreateResourceSchema.safeParse({
      ...base,
      accepted_file_types: ['image/png'],
      max_file_size_mb: 51,
    });
    expect(tooBig.success).toBe(false);
    expect(tooBig.error?.issues[0]?.path).toEqual(['max_file_size_mb']);
    const badType = CreateResourceSchema.safeParse({
      ...base,
      accepted_file_types: ['image/png', 'image/svg+xml'],
    });
    expect(badType.error?.issues[0]?.path).toEqual(['accepted_file_types', 1]);
    const notMime = CreateResourceSchema.safeParse({ ...base, accepted_file_types: ['png'] });
    expect(notMime.error?.issues[0]?.path).toEqual(['accepted_file_types', 0]);
  });

  it('defaults a quiz to a 70% passing score and checks its answer key', () => {
    expect(QuizInputSchema.parse({})).toEqual({
      passing_score: 70,
      policy: 'highest',
      max_attempts: null,
      reveal_answers: 'never',
      questions: [],
    });
    const bad = QuizInputSchema.safeParse({
      questions: [{ prompt: 'p', options: ['a', 'b'], correct: [2] }],
    });
    expect(bad.error?.issues[0]?.path).toEqual(['questions', 0, 'correct', 0]);
    const mixed = QuizInputSchema.safeParse({
      questions: [
        { prompt: 'p', options: ['a', 'b'], correct: [0] },
        { prompt: 'q', options: ['a', 'b'] },
      ],
    });
    expect(mixed.error?.issues[0]?.path).toEqual(['questions']);
  });
});
