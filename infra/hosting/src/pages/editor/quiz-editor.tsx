import { useState } from 'preact/hooks';
import { useSession } from '../../context';
import {
  control,
  Field,
  FieldError,
  fieldId,
  focusSoon,
  FormErrors,
  FormNote,
  InputField,
  SelectField,
} from './fields';
import { moved, moveFocus } from './order';
import {
  draftOf,
  quizBody,
  withoutOption,
  type QuestionDraft,
  type QuizSettings,
} from './quiz-draft';
import { ReorderButtons } from './reorder-buttons';
import type { EditorResourceDetail } from './types';
import { useEditorForm } from './use-editor-form';

/** Questions, options, the answer key, passing score and attempts of one quiz resource. */
export function QuizEditor(props: { resource: EditorResourceDetail; saved: () => void }) {
  const session = useSession();
  const { resource } = props;
  const quiz = resource.quiz;
  const editor = useEditorForm<QuizSettings>('quiz', {
    passing_score: String(quiz?.passing_score ?? 70),
    max_attempts: quiz?.max_attempts?.toString() ?? '',
    policy: quiz?.policy ?? 'highest',
    reveal_answers: quiz?.reveal_answers ?? 'never',
  });
  const { form } = editor;
  const [questions, setQuestions] = useState<QuestionDraft[]>(() =>
    (resource.questions ?? []).map(draftOf),
  );
  const update = (index: number, change: Partial<QuestionDraft>) =>
    setQuestions(questions.map((q, i) => (i === index ? { ...q, ...change } : q)));
  const path = (i: number, rest = '') => `quiz.questions.${i}${rest}`;

  const save = editor.submit(async (settings) => {
    await session.api('PATCH', `/api/v1/resources/${encodeURIComponent(resource.id)}`, {
      quiz: quizBody(settings, questions),
    });
    props.saved();
    return `Quiz saved: ${questions.length} questions.`;
  });
  const addQuestion = () => {
    setQuestions([...questions, draftOf({})]);
    focusSoon(fieldId(form.scope, path(questions.length, '.prompt')));
  };
  const removeQuestion = (index: number) => {
    setQuestions(questions.filter((_q, i) => i !== index));
    focusSoon('quiz-add-question');
  };
  const moveQuestion = (index: number, by: -1 | 1) => {
    const keys = moved(
      questions.map((q) => String(q.key)),
      String(questions[index]?.key),
      by,
    );
    setQuestions(keys.map((k) => questions.find((q) => String(q.key) === k) as QuestionDraft));
    focusSoon(moveFocus('quiz-q', String(questions[index]?.key), by, index + by, questions.length));
  };
  const removeOption = (qi: number, oi: number) => {
    const q = questions[qi] as QuestionDraft;
    update(qi, withoutOption(q, oi));
    focusSoon(`quiz-add-option-${q.key}`);
  };

  return (
    <form class="card quiz-editor" onSubmit={save} noValidate aria-labelledby="quiz-title">
      <h2 id="quiz-title">Quiz</h2>
      <FormErrors form={form} />
      <div class="row">
        <InputField
          editor={editor}
          name="passing_score"
          path="quiz.passing_score"
          label="Passing score (%)"
          box={{ type: 'number', min: 0, max: 100 }}
        />
        <InputField
          editor={editor}
          name="max_attempts"
          path="quiz.max_attempts"
          label="Attempts allowed"
          hint="Empty: unlimited"
          box={{ type: 'number', min: 1 }}
        />
        <SelectField editor={editor} name="policy" path="quiz.policy" label="Score that counts">
          <option value="highest">Highest attempt</option>
          <option value="latest">Latest attempt</option>
          <option value="first">First attempt</option>
        </SelectField>
        <SelectField
          editor={editor}
          name="reveal_answers"
          path="quiz.reveal_answers"
          label="Show correct answers"
        >
          <option value="never">Never</option>
          <option value="after_passing">After passing</option>
          <option value="after_final_attempt">After the last attempt</option>
        </SelectField>
      </div>
      <div {...control(form, 'quiz.questions')} tabIndex={-1} class="questions">
        <p class="muted">
          Tick the correct options of every question to give the quiz an answer key (learners never
          receive it), or of none to leave the quiz unscored.
        </p>
        <FieldError form={form} path="quiz.questions" />
        <ol class="plain-list">
          {questions.map((q, qi) => (
            <li key={q.key} data-question-index={qi}>
              <fieldset class="question">
                <legend>Question {qi + 1}</legend>
                <Field form={form} path={path(qi, '.prompt')} label={`Question ${qi + 1} prompt`}>
                  {(w) => (
                    <textarea
                      {...w}
                      rows={2}
                      value={q.prompt}
                      onInput={(e) => update(qi, { prompt: e.currentTarget.value })}
                    />
                  )}
                </Field>
                <fieldset {...control(form, path(qi, '.options'))} tabIndex={-1}>
                  <legend>Options of question {qi + 1}</legend>
                  {q.options.map((option, oi) => {
                    const text = control(form, path(qi, `.options.${oi}`));
                    const correctId = `quiz-correct-${q.key}-${oi}`;
                    return (
                      <div class="option row" key={oi}>
                        <div class="field">
                          <label for={text.id}>Option {oi + 1}</label>
                          <input
                            {...text}
                            value={option}
                            onInput={(e) =>
                              update(qi, {
                                options: q.options.map((o, j) =>
                                  j === oi ? e.currentTarget.value : o,
                                ),
                              })
                            }
                          />
                          <FieldError form={form} path={path(qi, `.options.${oi}`)} />
                        </div>
                        <label class="choice" for={correctId}>
                          <input
                            id={correctId}
                            type="checkbox"
                            checked={q.correct.includes(oi)}
                            onChange={(e) =>
                              update(qi, {
                                correct: e.currentTarget.checked
                                  ? [...q.correct, oi]
                                  : q.correct.filter((c) => c !== oi),
                              })
                            }
                          />{' '}
                          Correct
                          <span class="sr-only">
                            {' '}
                            answer: option {oi + 1} of question {qi + 1}
                          </span>
                        </label>
                        <button
                          type="button"
                          class="secondary"
                          aria-label={`Remove option ${oi + 1} of question ${qi + 1}`}
                          onClick={() => removeOption(qi, oi)}
                        >
                          Remove
                        </button>
                      </div>
                    );
                  })}
                  <FieldError form={form} path={path(qi, '.options')} />
                  <FieldError form={form} path={path(qi, '.correct')} nested />
                  <button
                    type="button"
                    class="plain"
                    id={`quiz-add-option-${q.key}`}
                    onClick={() => {
                      update(qi, { options: [...q.options, ''] });
                      focusSoon(fieldId(form.scope, path(qi, `.options.${q.options.length}`)));
                    }}
                  >
                    Add an option to question {qi + 1}
                  </button>
                </fieldset>
                <div class="actions">
                  <ReorderButtons
                    idPrefix="quiz-q"
                    id={String(q.key)}
                    name={`question ${qi + 1}`}
                    title={`question ${qi + 1}`}
                    position={qi + 1}
                    count={questions.length}
                    onMove={(by) => moveQuestion(qi, by)}
                  />
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`Remove question ${qi + 1}`}
                    onClick={() => removeQuestion(qi)}
                  >
                    Remove question
                  </button>
                </div>
              </fieldset>
            </li>
          ))}
        </ol>
      </div>
      <div class="actions">
        <button type="button" class="plain" id="quiz-add-question" onClick={addQuestion}>
          Add a question
        </button>
        <button type="submit" disabled={form.busy}>
          Save quiz
        </button>
      </div>
      <FormNote form={form} />
    </form>
  );
}
