/**
 * The web console, driven in Chromium like a person would: a learner completes a small pathway
 * (article, quiz scored by the server, upload with a progress bar), an instructor approves the
 * upload from the review queue, and the learner sees the approval and the certificate arrive
 * live, then opens its verification pages. Every main page is screenshot, and scanned with axe
 * once (a scan costs seconds on a busy machine).
 */
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../helpers/auth';
import { buildPathway, type Tree } from '../helpers/catalog';
import {
  checkPage,
  consoleBrowser,
  consoleOrigin,
  screenshot,
  signInToConsole,
} from '../helpers/console';
import { fileBytes } from '../helpers/files';

const chrome = consoleBrowser();
let instructor: TestUser;
let tree: Tree;
let article: string;
let quiz: string;
let exercise: string;

beforeAll(async () => {
  instructor = await createUser('instructor');
  tree = await buildPathway(
    instructor.token,
    [
      {
        resources: [
          { type: 'article', title: 'Reading: colour theory' },
          {
            type: 'quiz',
            title: 'Quiz: basics',
            quiz: {
              passing_score: 100,
              max_attempts: 3,
              questions: [
                { id: 'q1', prompt: 'Two plus two?', options: ['3', '4'], correct: [1] },
                { id: 'q2', prompt: 'Primary colour?', options: ['Red', 'Grey'], correct: [0] },
              ],
            },
          },
          {
            type: 'exercise',
            title: 'Exercise: mood board',
            requires_upload: true,
            accepted_file_types: ['image/png'],
            max_file_size_mb: 5,
          },
        ],
      },
    ],
    { publish: true },
  );
  [article, quiz, exercise] = tree.modules[0]?.resources as [string, string, string];
});

const row = (page: Page, resourceId: string) => page.locator(`[data-resource="${resourceId}"]`);
const bar = (page: Page, id: string) => page.locator(`[data-progress="${id}"] progress`);

async function open(page: Page, resourceId: string): Promise<void> {
  await page.locator(`#resource-${resourceId}`).click();
}

async function answer(page: Page, choices: Record<string, string>): Promise<void> {
  for (const [question, option] of Object.entries(choices))
    await page
      .locator(`[data-question="${question}"]`)
      .getByRole('radio', { name: option })
      .check();
  await page.getByRole('button', { name: 'Submit answers' }).click();
}

describe('the web console, a learner and an instructor', () => {
  it('completes a pathway with a quiz and an upload, approved from the queue, certificate live', async () => {
    const learnerUser = await createUser('learner', 'console');
    const learner = await signInToConsole(chrome.browser, learnerUser);
    await learner.getByRole('heading', { name: 'Your dashboard' }).waitFor();
    await screenshot(learner, 'learner-dashboard-empty');

    await learner.getByRole('link', { name: 'Catalog' }).click();
    const title = `Pathway ${tree.pathwayId}`;
    await learner.getByRole('link', { name: title }).waitFor();
    await checkPage(learner, 'learner-catalog');
    await learner.getByRole('button', { name: `Enrol in ${title}` }).click();

    await learner.getByRole('heading', { name: title }).waitFor();
    await expectBar(learner, 'pathway', '0');
    await open(learner, article);
    await learner.getByRole('button', { name: 'Mark “Reading: colour theory” complete' }).click();
    // The enrollment listener, not a reload, moves the bars.
    await expectBar(learner, `resource-${article}`, '100');
    await expect(row(learner, article).getAttribute('data-status')).resolves.toBe('completed');
    expect(Number(await bar(learner, 'pathway').getAttribute('value'))).toBeGreaterThan(0);

    await open(learner, quiz);
    await answer(learner, { q1: '3', q2: 'Red' });
    await learner.locator('[data-quiz-result="failed"]').waitFor();
    await expect(learner.locator('[data-quiz-result]').textContent()).resolves.toContain(
      '2 attempts left',
    );
    await expect(learner.locator('[data-question="q1"]').textContent()).resolves.toContain(
      'Not correct',
    );
    await answer(learner, { q1: '4', q2: 'Red' });
    await learner.locator('[data-quiz-result="passed"]').waitFor();
    await expect(learner.locator('[data-quiz-result]').textContent()).resolves.toContain(
      '1 attempts left',
    );
    await expectBar(learner, `resource-${quiz}`, '100');

    await open(learner, exercise);
    const bytes = fileBytes('png', 1536 * 1024);
    await learner
      .getByLabel(/File to hand in/)
      .setInputFiles({ name: 'mood board.png', mimeType: 'image/png', buffer: bytes });
    await learner.getByRole('button', { name: 'Upload', exact: true }).click();
    await learner.getByText('mood board.png uploaded.').waitFor();
    await expectBar(learner, `upload-${exercise}`, '100');
    await learner.locator(`[data-resource="${exercise}"][data-status="submitted"]`).waitFor();
    await learner.locator('[data-submission-status="uploaded"]').waitFor();
    await screenshot(learner, 'learner-pathway-submitted');

    const reviewer = await signInToConsole(chrome.browser, instructor);
    await reviewer.getByRole('link', { name: 'Review queue' }).click();
    const item = reviewer.locator('li[data-submission]', { hasText: learnerUser.name });
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain('mood board.png');
    await checkPage(reviewer, 'instructor-review-queue');
    await item.getByLabel('Comment for the learner').fill('Clear direction, well annotated.');
    await item.getByLabel(/Feedback file/).setInputFiles({
      name: 'review.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Review\n\nClear direction, well annotated.\n'),
    });
    await item.getByRole('button', { name: 'Approve' }).click();
    // Leaves the queue once the feedback file is stored too.
    await item.waitFor({ state: 'detached' });

    // The learner's page changes by itself: approval, full bars, then the certificate.
    await learner.locator(`[data-resource="${exercise}"][data-status="completed"]`).waitFor();
    await expectBar(learner, 'pathway', '100');
    await expectBar(learner, `module-${tree.modules[0]?.id}`, '100');
    await learner.locator('[data-submission-status="approved"]').waitFor();
    await expect(
      learner.locator('[data-submission-status="approved"]').textContent(),
    ).resolves.toContain('Clear direction, well annotated.');
    await learner.getByRole('button', { name: 'Refresh' }).click();
    await learner
      .locator('[data-submission-status="approved"]')
      .getByRole('button', { name: 'feedback file' })
      .waitFor();
    await learner.locator('[data-certificate="issued"]').waitFor({ timeout: 30_000 });
    await checkPage(learner, 'learner-pathway-certified');

    await learner.getByRole('link', { name: 'See your certificates' }).click();
    const card = learner.locator('[data-certificate-id]');
    await card.waitFor();
    const certificateId = (await card.getAttribute('data-certificate-id')) as string;
    await expect(card.getAttribute('data-state')).resolves.toBe('valid');
    await checkPage(learner, 'learner-certificates');
    const download = await Promise.all([
      learner.waitForEvent('popup'),
      card.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    await download[0].close();

    // The link the certificate's QR code carries: the public page, no sign-in needed.
    const verificationUrl = (await card
      .getByRole('link', { name: 'Public verification page' })
      .getAttribute('href')) as string;
    expect(verificationUrl).toBe(`${consoleOrigin()}/verify/${certificateId}`);
    const stranger = await (await chrome.browser.newContext()).newPage();
    await stranger.goto(verificationUrl);
    const printed = await stranger.textContent('body');
    expect(printed).toContain('Valid certificate');
    expect(printed?.replace(/-/g, '')).toContain(certificateId);
    await stranger.goto(`${consoleOrigin()}/#/verify/${certificateId}`);
    await stranger.getByText('This certificate is valid.').waitFor();
    // Scanned with axe in the admin's test, where it shows a revocation.
    await screenshot(stranger, 'public-verify-valid');

    await learner.getByRole('link', { name: 'Dashboard' }).click();
    await learner.getByRole('term').filter({ hasText: 'Current streak' }).waitFor();
    // The activity chart draws the learner's own per-day aggregates, read live.
    await learner.locator('figure.chart svg[role="img"] rect').first().waitFor();
    await checkPage(learner, 'learner-dashboard');
  }, 120_000);
});

async function expectBar(page: Page, id: string, value: string): Promise<void> {
  await page.locator(`[data-progress="${id}"] progress[value="${value}"]`).waitFor();
}
