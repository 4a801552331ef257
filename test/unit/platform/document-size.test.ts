import { Timestamp } from 'firebase-admin/firestore';
import {
  assertDocumentFits,
  documentSize,
  MAX_DOCUMENT_BYTES,
  valueSize,
} from '../../../shared/platform/document-size';

describe('Firestore document size', () => {
  it('counts values as Firestore documents them', () => {
    // The worked example of Firestore's storage-size page: a task document.
    expect(valueSize('my_task')).toBe(8);
    expect(
      valueSize({
        type: 'Personal',
        done: false,
        priority: 1,
        description: 'Learn Cloud Firestore',
      }),
    ).toBe(5 + 9 + 5 + 1 + 9 + 8 + 12 + 22);
    expect(valueSize(null)).toBe(1);
    expect(valueSize(Timestamp.now())).toBe(8);
    expect(valueSize(['ab', 'c'])).toBe(3 + 2);
    expect(valueSize('ü')).toBe(3);
    expect(documentSize('users/jeff/tasks/my_task_id', {})).toBe(6 + 5 + 6 + 11 + 16 + 32);
  });

  it('refuses a quiz too large to store with 413 and the limit (security finding 6)', () => {
    const quiz = {
      questions: Array.from({ length: 200 }, (_, i) => ({
        id: `q${i}`,
        prompt: 'p'.repeat(2000),
        options: Array.from({ length: 10 }, () => 'o'.repeat(500)),
      })),
    };
    expect(() => assertDocumentFits('The resource', 'resources/r1', { quiz })).toThrow(
      expect.objectContaining({ code: 'payload_too_large' }),
    );
    expect(() =>
      assertDocumentFits('The resource', 'resources/r1', {
        quiz: { questions: quiz.questions.slice(0, 100) },
      }),
    ).not.toThrow();
    expect(MAX_DOCUMENT_BYTES).toBe(1024 * 1024);
  });
});
