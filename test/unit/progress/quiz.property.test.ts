import fc from 'fast-check';
import { AppError } from '../../../shared/errors';
import type { QuizState } from '../../../shared/progress/model';
import {
  applyAttempt,
  attemptFingerprint,
  scoreAnswers,
  type QuizRules,
} from '../../../shared/progress/quiz';
import { at, PROPERTY_RUNS } from './arbitraries';

/** Quiz scoring and the three counting policies over generated quizzes, keys and attempts. */
const runs = { numRuns: PROPERTY_RUNS };

/** A quiz of 1–12 questions, its key (a non-empty set of options each) and a learner's answers. */
const quizArb = fc
  .array(fc.integer({ min: 2, max: 5 }), { minLength: 1, maxLength: 12 })
  .chain((sizes) => {
    const questions = sizes.map((n, i) => ({
      id: `q${i}`,
      prompt: '',
      options: Array.from({ length: n }, (_, o) => `o${o}`),
    }));
    const optionSet = (n: number, minLength: number) =>
      fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength, maxLength: n });
    return fc.record({
      questions: fc.constant(questions),
      key: fc.tuple(...sizes.map((n) => optionSet(n, 1))),
      answers: fc.tuple(...sizes.map((n) => fc.option(optionSet(n, 0), { nil: undefined }))),
    });
  })
  .map(({ questions, key, answers }) => ({
    quiz: { questions },
    key: Object.fromEntries(questions.map((q, i) => [q.id, key[i] ?? []])),
    answers: Object.fromEntries(
      questions.flatMap((q, i) => (answers[i] === undefined ? [] : [[q.id, answers[i]]])),
    ) as Record<string, number[]>,
  }));

const sameSet = (a: number[] = [], b: number[] = []) =>
  a.length === b.length && a.every((v) => b.includes(v));

describe('quiz scoring properties', () => {
  it('scores a question right exactly when the chosen options equal the key, in any order', () => {
    fc.assert(
      fc.property(quizArb, ({ quiz, key, answers }) => {
        const scored = scoreAnswers(quiz, key, answers);
        const expected = quiz.questions.filter((q) => sameSet(answers[q.id], key[q.id])).length;
        expect(scored.score).toBe(expected);
        expect(scored.max_score).toBe(quiz.questions.length);
        expect(scored.percentage).toBeGreaterThanOrEqual(0);
        expect(scored.percentage).toBeLessThanOrEqual(100);
        expect(scored.percentage === 100).toBe(expected === quiz.questions.length);
        const reversed = Object.fromEntries(
          Object.entries(answers).map(([q, chosen]) => [q, [...chosen].reverse()]),
        );
        expect(scoreAnswers(quiz, key, reversed).score).toBe(expected);
        expect(attemptFingerprint({ answers: reversed })).toBe(attemptFingerprint({ answers }));
      }),
      runs,
    );
  });

  it('refuses, with the field path, an option that is not in its question', () => {
    fc.assert(
      fc.property(quizArb, fc.nat(), fc.integer({ min: 0, max: 20 }), (q, pick, extra) => {
        const question = q.quiz.questions[pick % q.quiz.questions.length];
        if (!question) return;
        const option = question.options.length + extra;
        let error: unknown;
        try {
          scoreAnswers(q.quiz, q.key, { ...q.answers, [question.id]: [option] });
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).details).toContainEqual({
          path: `answers.${question.id}.0`,
          message: `Option ${option} does not exist`,
        });
      }),
      runs,
    );
  });
});

const rulesArb: fc.Arbitrary<QuizRules> = fc.record({
  passing_score: fc.integer({ min: 0, max: 100 }),
  policy: fc.constantFrom('highest' as const, 'latest' as const, 'first' as const),
  max_attempts: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
});
const attemptsArb = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 15 });

describe('quiz policy properties', () => {
  it('counts the attempt the policy names, passes iff it reaches the bar, and stops at the limit', () => {
    fc.assert(
      fc.property(rulesArb, attemptsArb, (rules, percentages) => {
        let state: QuizState | null = null;
        const accepted: number[] = [];
        percentages.forEach((percentage, i) => {
          const attempt = { score: percentage, max_score: 100, percentage };
          const allowed = rules.max_attempts === null || accepted.length < rules.max_attempts;
          if (!allowed) {
            expect(() => applyAttempt(state, attempt, rules, at(i))).toThrow(/No attempts left/);
            return;
          }
          state = applyAttempt(state, attempt, rules, at(i));
          accepted.push(percentage);
          const counted =
            rules.policy === 'first'
              ? (accepted[0] as number)
              : rules.policy === 'latest'
                ? percentage
                : Math.max(...accepted);
          expect(state).toMatchObject({
            attempts: accepted.length,
            counted_percentage: counted,
            first_percentage: accepted[0],
            latest_percentage: percentage,
            best_percentage: Math.max(...accepted),
            passed: counted >= rules.passing_score,
          });
        });
        expect(accepted.length).toBeLessThanOrEqual(rules.max_attempts ?? Infinity);
      }),
      runs,
    );
  });

  it('keeps the first pass time while the quiz stays passed', () => {
    fc.assert(
      fc.property(rulesArb, attemptsArb, (rules, percentages) => {
        const open = { ...rules, max_attempts: null };
        let state: QuizState | null = null;
        percentages.forEach((percentage, i) => {
          const before: QuizState | null = state;
          state = applyAttempt(
            state,
            { score: percentage, max_score: 100, percentage },
            open,
            at(i),
          );
          if (before?.passed && state.passed) expect(state.passed_at).toEqual(before.passed_at);
          if (!state.passed) expect(state.passed_at).toBeNull();
        });
      }),
      runs,
    );
  });
});
