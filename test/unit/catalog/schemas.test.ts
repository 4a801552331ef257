import { QuizInputSchema } from '../../../shared/catalog/quiz-schemas';
import { CreateResourceSchema, UpdateResourceSchema } from '../../../shared/catalog/schemas';

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

  it('takes a media item or a URL as a resource’s url source, never both', () => {
    const media = '0b9f3c2e-8d4a-4f6b-9c1d-2e3f4a5b6c7d';
    expect(UpdateResourceSchema.safeParse({ media_id: media }).success).toBe(true);
    expect(UpdateResourceSchema.safeParse({ media_id: null, url: null }).success).toBe(true);
    const both = UpdateResourceSchema.safeParse({ media_id: media, url: 'https://example.org/v' });
    expect(both.error?.issues[0]?.path).toEqual(['media_id']);
    const bad = CreateResourceSchema.safeParse({ type: 'video', title: 'T', media_id: 'x' });
    expect(bad.error?.issues[0]?.path).toEqual(['media_id']);
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
