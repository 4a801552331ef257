import {
  draftOf,
  quizBody,
  withoutOption,
} from '../../../../infra/hosting/src/pages/editor/quiz-draft';

const settings = {
  passing_score: '60',
  max_attempts: '',
  policy: 'highest',
  reveal_answers: 'never',
};

describe('the quiz editor’s drafts', () => {
  it('starts a new question with two empty options and no key', () => {
    expect(draftOf({})).toMatchObject({
      id: undefined,
      prompt: '',
      options: ['', ''],
      correct: [],
    });
  });

  it('keeps the answer key on the same options when an option before them is removed', () => {
    const q = draftOf({ id: 'q1', prompt: 'p', options: ['a', 'b', 'c', 'd'], correct: [0, 3] });
    expect(withoutOption(q, 1)).toEqual({ options: ['a', 'c', 'd'], correct: [0, 2] });
    // Removing a correct option removes it from the key.
    expect(withoutOption(q, 0)).toEqual({ options: ['b', 'c', 'd'], correct: [2] });
  });

  it('sends the quiz as the API takes it: empty boxes as null, keys sorted, nothing lost', () => {
    const keyed = draftOf({
      id: 'q1',
      prompt: 'Pick',
      options: ['a', 'b', 'c'],
      correct: [2, 0],
      skills: ['colour'],
      difficulty: 4.5,
    });
    const unkeyed = draftOf({ prompt: 'Open', options: ['x', 'y'] });
    expect(quizBody(settings, [keyed, unkeyed])).toEqual({
      passing_score: 60,
      policy: 'highest',
      max_attempts: null,
      reveal_answers: 'never',
      questions: [
        {
          id: 'q1',
          prompt: 'Pick',
          options: ['a', 'b', 'c'],
          correct: [0, 2],
          skills: ['colour'],
          difficulty: 4.5,
        },
        // No correct option ticked: no key, and no id until the API gives one.
        { prompt: 'Open', options: ['x', 'y'] },
      ],
    });
    expect(quizBody({ ...settings, passing_score: ' ' }, []).passing_score).toBeNull();
  });
});
