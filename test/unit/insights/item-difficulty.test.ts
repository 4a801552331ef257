import { itemDifficulty } from '../../../shared/insights/item-difficulty';

describe('quiz item difficulty', () => {
  const questions = [
    { id: 'q1', prompt: 'One?' },
    { id: 'q2', prompt: 'Two?' },
    { id: 'q3', prompt: 'Three?' },
    { id: 'q4', prompt: 'Four?' },
  ];

  it('gives each item the share of correct answers and its band, in quiz order', () => {
    const rows = itemDifficulty(questions, {
      q2: { correct: 1, incorrect: 3 },
      q1: { correct: 9, incorrect: 1 },
      q3: { correct: 2, incorrect: 2 },
    });
    expect(rows).toEqual([
      {
        question_id: 'q1',
        prompt: 'One?',
        answers: 10,
        correct: 9,
        share_correct: 0.9,
        band: 'easy',
      },
      {
        question_id: 'q2',
        prompt: 'Two?',
        answers: 4,
        correct: 1,
        share_correct: 0.25,
        band: 'hard',
      },
      {
        question_id: 'q3',
        prompt: 'Three?',
        answers: 4,
        correct: 2,
        share_correct: 0.5,
        band: 'medium',
      },
      {
        question_id: 'q4',
        prompt: 'Four?',
        answers: 0,
        correct: 0,
        share_correct: null,
        band: null,
      },
    ]);
  });

  it('keeps the band edges inclusive of medium', () => {
    const rows = itemDifficulty(questions.slice(0, 2), {
      q1: { correct: 3, incorrect: 7 },
      q2: { correct: 8, incorrect: 2 },
    });
    expect(rows.map((r) => r.band)).toEqual(['medium', 'medium']);
  });
});
