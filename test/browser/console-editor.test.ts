/**
 * The pathway editor, driven in Chromium: an instructor builds a pathway of two modules (an
 * article, an optional video, a quiz with an answer key and a skill tag; an upload project),
 * renames, deletes and reorders with the keyboard, sees the API's field errors next to the
 * fields, sets the certificate rules and publishes. The catalog must then hold exactly what the
 * pages built, the learner must find it in the catalog in that order, and the answer key must
 * never reach the learner.
 */
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { api } from '../helpers/api';
import { createUser, type TestUser } from '../helpers/auth';
import { checkPage, consoleBrowser, screenshot, signInToConsole } from '../helpers/console';

const chrome = consoleBrowser();
let instructor: TestUser;
let learnerUser: TestUser;
const suffix = randomUUID().slice(0, 8);
const skillId = `editor_colour_${suffix}`;

beforeAll(async () => {
  [instructor, learnerUser] = await Promise.all([
    createUser('instructor', 'editor'),
    createUser('learner', 'editor-learner'),
  ]);
  const skill = await api(instructor.token).post('/api/v1/skills', {
    id: skillId,
    name: `Colour theory ${suffix}`,
  });
  expect(skill.status).toBe(201);
});

const moduleCard = (page: Page, title: string): Locator =>
  page.locator('li[data-editor-module]', {
    has: page.getByRole('heading', { level: 3, name: new RegExp(`^\\d+\\. ${title}$`) }),
  });

async function focusedId(page: Page, id: string): Promise<void> {
  // A string: the DOM's types are not this project's.
  await page.waitForFunction(`document.activeElement?.id === ${JSON.stringify(id)}`);
}

async function addModule(page: Page, title: string): Promise<string> {
  const form = page.locator('form[aria-labelledby="new-module-title"]');
  await form.getByLabel('Module title').fill(title);
  await form.getByRole('button', { name: 'Add module' }).click();
  const card = moduleCard(page, title);
  await card.waitFor();
  const id = (await card.getAttribute('data-editor-module')) as string;
  // Focus follows the new module, so the keyboard user continues there.
  await focusedId(page, `module-${id}`);
  return id;
}

async function addResource(
  page: Page,
  module: string,
  type: string,
  title: string,
  required = true,
): Promise<string> {
  const card = moduleCard(page, module);
  await card.getByLabel('Kind').selectOption(type);
  await card.getByLabel('Resource title').fill(title);
  await card.getByLabel('Required', { exact: true }).setChecked(required);
  await card.getByRole('button', { name: 'Add resource' }).click();
  const link = card.getByRole('link', { name: title, exact: true });
  await link.waitFor();
  const id = (await link.getAttribute('id'))?.replace(/^edit-resource-/, '') as string;
  await focusedId(page, `edit-resource-${id}`);
  return id;
}

/** Presses a move button from the keyboard, as someone without a mouse would. */
async function pressMove(page: Page, buttonId: string): Promise<void> {
  await page.locator(`#${buttonId}`).focus();
  await page.keyboard.press('Enter');
}

/** The outline as the editor shows it: module ids, each with its resource ids, in order. */
async function editorOutline(page: Page): Promise<{ module: string; resources: string[] }[]> {
  return page.evaluate(`Array.from(document.querySelectorAll('li[data-editor-module]')).map((m) => ({
    module: m.getAttribute('data-editor-module'),
    resources: Array.from(m.querySelectorAll('[data-editor-resource]')).map((r) =>
      r.getAttribute('data-editor-resource'),
    ),
  }))`);
}

async function saved(page: Page, text: string): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).waitFor();
}

describe('the web console, pathway editor', () => {
  it('builds, reorders and publishes a pathway that the catalog then holds exactly', async () => {
    const page = await signInToConsole(chrome.browser, instructor);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('link', { name: 'Pathway editor' }).click();
    await page.getByRole('heading', { name: 'Pathway editor' }).waitFor();
    await checkPage(page, 'instructor-editor-home');

    // A pathway, its title first refused by the API: the field path shows next to the field.
    const create = page.locator('form[aria-labelledby="new-pathway-title"]');
    await create.getByRole('button', { name: 'Create pathway' }).click();
    const titleError = create.locator('.field-error');
    await titleError.waitFor();
    expect(await titleError.textContent()).toMatch(/^title: /);
    await expect(create.getByLabel('Title').getAttribute('aria-invalid')).resolves.toBe('true');
    const pathwayTitle = `Colour for editors ${suffix}`;
    await create.getByLabel('Title').fill(pathwayTitle);
    await create.getByLabel('Description').fill('Colour theory, with a quiz and a project.');
    await create.getByLabel('Difficulty').selectOption('beginner');
    await create.getByRole('button', { name: 'Create pathway' }).click();
    await page.getByRole('heading', { level: 1, name: `Edit: ${pathwayTitle}` }).waitFor();
    const pathwayId = new URL(page.url()).hash.split('/')[2] as string;

    // Modules and resources of each kind; one module added and deleted again.
    const basics = await addModule(page, 'Basics');
    const project = await addModule(page, 'Project work');
    const scratch = await addModule(page, 'Scratch');
    const article = await addResource(page, 'Basics', 'article', 'Reading: the basics');
    const quiz = await addResource(page, 'Basics', 'quiz', 'Check: basics');
    // Added to the wrong module at first: moved to Basics below, where it goes last.
    const video = await addResource(
      page,
      'Project work',
      'video',
      'Watch: an optional extra',
      false,
    );
    const upload = await addResource(page, 'Project work', 'project', 'Project: a palette');
    const doomed = await addResource(page, 'Scratch', 'exercise', 'To be deleted');
    await moduleCard(page, 'Scratch')
      .getByRole('button', { name: 'Delete resource To be deleted' })
      .click();
    await focusedId(page, `module-${scratch}`);
    await page.locator(`[data-editor-resource="${doomed}"]`).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Delete module Scratch' }).click();
    await moduleCard(page, 'Scratch').waitFor({ state: 'detached' });
    await focusedId(page, 'outline-title');

    await page.getByRole('link', { name: 'Watch: an optional extra', exact: true }).click();
    await page.getByLabel('Module', { exact: true }).selectOption({ label: 'Basics' });
    await page.getByRole('button', { name: 'Save resource' }).click();
    await saved(page, 'Resource saved.');
    await page.getByText('in the module Basics').waitFor();
    await page.getByRole('link', { name: 'Back to the pathway' }).click();
    await moduleCard(page, 'Basics').locator(`[data-editor-resource="${video}"]`).waitFor();
    expect(await editorOutline(page)).toEqual([
      { module: basics, resources: [article, quiz, video] },
      { module: project, resources: [upload] },
    ]);

    // Reordering from the keyboard: the project module first, the video before the quiz.
    await pressMove(page, `move-module-up-${project}`);
    await saved(page, 'Module Project work moved to position 1 of 2.');
    // At the top, focus moves to the button that still does something.
    await focusedId(page, `move-module-down-${project}`);
    await pressMove(page, `move-resource-up-${video}`);
    await saved(page, 'Watch: an optional extra moved to position 2 of 3 in Basics.');
    await focusedId(page, `move-resource-up-${video}`);

    // Renamed, with an N-of-M completion rule.
    const basicsCard = moduleCard(page, 'Basics');
    await basicsCard.getByText('Rename or change the completion rule').click();
    await basicsCard.getByLabel('Module title').fill('Basics of colour');
    await basicsCard.getByLabel('Resources to complete (N of M)').fill('2');
    await basicsCard.getByRole('button', { name: 'Save module' }).click();
    await moduleCard(page, 'Basics of colour').waitFor();
    await expect(moduleCard(page, 'Basics of colour').textContent()).resolves.toContain(
      'complete 2 of 3',
    );

    // The quiz: questions, options, the answer key, passing score and attempts.
    await page.getByRole('link', { name: 'Check: basics', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit: Check: basics' }).waitFor();
    const editor = page.locator('form.quiz-editor');
    await editor.getByLabel('Passing score (%)').fill('150');
    await editor.getByLabel('Attempts allowed').fill('2');
    await editor.getByRole('button', { name: 'Add a question' }).click();
    await focusedId(page, 'quiz--quiz-questions-0-prompt');
    const first = editor.locator('li[data-question-index="0"]');
    await first.getByLabel('Question 1 prompt').fill('Two plus two?');
    await first.getByLabel('Option 1', { exact: true }).fill('3');
    await first.getByLabel('Option 2', { exact: true }).fill('4');
    await first.getByLabel('Correct answer: option 2 of question 1').check();
    await editor.getByRole('button', { name: 'Add a question' }).click();
    const second = editor.locator('li[data-question-index="1"]');
    await second.getByLabel('Question 2 prompt').fill('A primary colour?');
    await second.getByLabel('Option 1', { exact: true }).fill('Red');
    await second.getByLabel('Option 2', { exact: true }).fill('Grey');
    await second.getByRole('button', { name: 'Add an option to question 2' }).click();
    await focusedId(page, 'quiz--quiz-questions-1-options-2');
    await second.getByLabel('Option 3', { exact: true }).fill('Green');
    await second.getByLabel('Correct answer: option 1 of question 2').check();
    await editor.getByRole('button', { name: 'Save quiz' }).click();
    // Refused: the summary takes focus and the message sits next to the passing score.
    const summary = editor.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.locator('.error').textContent()).toBe(
      'Not saved: one field needs correcting.',
    );
    await page.waitForFunction(`document.activeElement?.classList.contains('error-summary')`);
    const passing = editor.getByLabel('Passing score (%)');
    await expect(passing.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = (await passing.getAttribute('aria-describedby')) as string;
    expect(await page.locator(`#${describedBy}`).textContent()).toMatch(
      /^quiz\.passing_score: .*100/,
    );
    await screenshot(page, 'instructor-editor-quiz-error');
    await summary.getByRole('button', { name: 'quiz.passing_score' }).click();
    await focusedId(page, 'quiz--quiz-passing_score');
    await passing.fill('60');
    await editor.getByRole('button', { name: 'Save quiz' }).click();
    await saved(page, 'Quiz saved: 2 questions.');
    await expect(editor.locator('.error-summary').count()).resolves.toBe(0);

    // A skill tag on the quiz resource.
    await page.getByRole('button', { name: 'Add a skill tag' }).click();
    await focusedId(page, 'resource--learning-skills-0-skill_id');
    await page.getByLabel('Skill 1').selectOption(skillId);
    await page.getByLabel('Level reached (1–10)').fill('4');
    await page.getByRole('button', { name: 'Save resource' }).click();
    await saved(page, 'Resource saved.');
    await checkPage(page, 'instructor-editor-quiz');

    // The project takes uploads; a malformed file type is refused with its index.
    await page.getByRole('link', { name: 'Back to the pathway' }).click();
    await page.getByRole('link', { name: 'Project: a palette', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit: Project: a palette' }).waitFor();
    await page.getByLabel('Learners upload a file for review').check();
    await page.getByLabel('Accepted file types').fill('pdf, image/png');
    await page.getByLabel('Largest file (MB)').fill('5');
    await page.getByRole('button', { name: 'Save resource' }).click();
    const typesError = page.locator('.field-error');
    await typesError.waitFor();
    expect(await typesError.textContent()).toMatch(/^accepted_file_types\.0: /);
    await page.getByLabel('Accepted file types').fill('application/pdf, image/png');
    await page.getByRole('button', { name: 'Save resource' }).click();
    await saved(page, 'Resource saved.');

    // Certificate rules, then publication.
    await page.getByRole('link', { name: 'Back to the pathway' }).click();
    await page.getByRole('heading', { name: 'Certificate rules' }).waitFor();
    await page.getByLabel('Every required upload approved by a reviewer').uncheck();
    await page.getByLabel('Minimum average quiz score (%)').fill('50');
    await page.getByLabel('Valid for (days)').fill('365');
    await page.getByRole('button', { name: 'Save certificate rules' }).click();
    await saved(page, 'Certificate rules saved.');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.locator('[data-pathway-status="published"]').waitFor();
    await checkPage(page, 'instructor-editor-pathway');

    // What the page shows is what the catalog holds, in order.
    const shown = await editorOutline(page);
    expect(shown).toEqual([
      { module: project, resources: [upload] },
      { module: basics, resources: [article, video, quiz] },
    ]);
    const owner = api(instructor.token);
    const outline = await owner.get(`/api/v1/pathways/${pathwayId}/resources`);
    expect(outline.status).toBe(200);
    const held = outline.body.modules.map(
      (m: { module_id: string; resources: { id: string }[] }) => ({
        module: m.module_id,
        resources: m.resources.map((r) => r.id),
      }),
    );
    expect(held).toEqual(shown);
    const [projectModule, basicsModule] = outline.body.modules;
    expect(projectModule).toMatchObject({ title: 'Project work', required_count: null });
    expect(projectModule.resources[0]).toMatchObject({
      type: 'project',
      title: 'Project: a palette',
      required: true,
      requires_upload: true,
      accepted_file_types: ['application/pdf', 'image/png'],
      max_file_size_mb: 5,
    });
    expect(basicsModule).toMatchObject({ title: 'Basics of colour', required_count: 2 });
    expect(
      basicsModule.resources.map((r: { type: string; title: string; required: boolean }) => [
        r.type,
        r.title,
        r.required,
      ]),
    ).toEqual([
      ['article', 'Reading: the basics', true],
      ['video', 'Watch: an optional extra', false],
      ['quiz', 'Check: basics', true],
    ]);
    expect(basicsModule.resources[2].quiz).toEqual({
      passing_score: 60,
      policy: 'highest',
      max_attempts: 2,
      reveal_answers: 'never',
      question_count: 2,
      has_answer_key: true,
    });
    expect(basicsModule.resources[2].learning).toEqual({
      skills: [{ skill_id: skillId, level: 4 }],
      prerequisites: [],
    });

    const detail = await owner.get(`/api/v1/pathways/${pathwayId}`);
    expect(detail.body).toMatchObject({
      title: pathwayTitle,
      description: 'Colour theory, with a quiz and a project.',
      difficulty: 'beginner',
      status: 'published',
      module_count: 2,
      resource_count: 4,
      certificate_rules: {
        all_required_resources: true,
        all_quizzes_passed: true,
        min_average_quiz_score: 50,
        all_submissions_approved: false,
        valid_for_days: 365,
      },
    });

    // The answer key: the owner reads it back, learners never receive it.
    const questions = [
      { id: 'q1', prompt: 'Two plus two?', options: ['3', '4'] },
      { id: 'q2', prompt: 'A primary colour?', options: ['Red', 'Grey', 'Green'] },
    ];
    const asOwner = await owner.get(`/api/v1/resources/${quiz}`);
    expect(asOwner.body.questions).toEqual([
      { ...questions[0], correct: [1] },
      { ...questions[1], correct: [0] },
    ]);
    const asLearner = await api(learnerUser.token).get(`/api/v1/resources/${quiz}`);
    expect(asLearner.status).toBe(200);
    expect(asLearner.body.questions).toEqual(questions);
    expect(JSON.stringify(asLearner.body)).not.toContain('correct');
    const learnerOutline = await api(learnerUser.token).get(
      `/api/v1/pathways/${pathwayId}/resources`,
    );
    expect(JSON.stringify(learnerOutline.body)).not.toContain('correct');

    // The learner finds it in the catalog, modules and resources in the editor's order.
    const learner = await signInToConsole(chrome.browser, learnerUser);
    await expect(learner.getByRole('link', { name: 'Pathway editor' }).count()).resolves.toBe(0);
    await learner.getByRole('link', { name: 'Catalog' }).click();
    await learner.getByRole('link', { name: pathwayTitle }).click();
    await learner.getByRole('heading', { level: 1, name: pathwayTitle }).waitFor();
    await learner.locator('section.module').first().waitFor();
    expect(await learner.locator('section.module h2').allTextContents()).toEqual([
      '1. Project work',
      '2. Basics of colour',
    ]);
    expect(
      await learner
        .locator('section.module [data-resource]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-resource'))),
    ).toEqual([upload, article, video, quiz]);
    await screenshot(learner, 'learner-edited-pathway');

    // Unpublished, it leaves the catalog: learners no longer reach it, its owner still does.
    await page.getByRole('button', { name: 'Unpublish' }).click();
    await page.locator('[data-pathway-status="archived"]').waitFor();
    await saved(page, 'Unpublished: hidden from learners, enrollments kept.');
    expect((await api(learnerUser.token).get(`/api/v1/pathways/${pathwayId}`)).status).toBe(404);
    expect((await owner.get(`/api/v1/pathways/${pathwayId}`)).body.status).toBe('archived');

    // On a phone's width the editor stays one column and passes the same scan.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Publish', exact: true }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(
      true,
    );
    await checkPage(page, 'instructor-editor-pathway-narrow');
  }, 180_000);
});
