/**
 * An instructor generates a course in the web console: creates a project, uploads the fixture
 * repository as a folder, starts generation and watches the four stages move live (Firestore
 * listeners on the project's stages) until the draft pathway is ready.
 */
import { createUser } from '../helpers/auth';
import { checkPage, consoleBrowser, signInToConsole } from '../helpers/console';
import { fixtureRoot } from '../emulator/generation/fixture';

const chrome = consoleBrowser();

const STAGES = ['stage1', 'stage2', 'stage3', 'stage4'];

/**
 * Runs in the page (DOM types are not this project's): records every state each stage shows,
 * in order, as the listeners deliver them, in `globalThis.seen`.
 */
const RECORD_STAGES = `(() => {
  const seen = {};
  globalThis.seen = seen;
  const record = () => {
    for (const element of document.querySelectorAll('[data-stage]')) {
      const stage = element.getAttribute('data-stage');
      const value = element.querySelector('progress')?.getAttribute('value') ?? '0';
      const state = element.getAttribute('data-stage-status') + ':' + value;
      const list = (seen[stage] ??= []);
      if (list[list.length - 1] !== state) list.push(state);
    }
  };
  record();
  new MutationObserver(record).observe(document.body, { subtree: true, attributes: true, childList: true });
})()`;

describe('the web console, course generation', () => {
  it('uploads the fixture repository, starts generation and watches the four stages finish', async () => {
    const page = await signInToConsole(chrome.browser, await createUser('instructor', 'generator'));
    await page.getByRole('link', { name: 'Course projects' }).click();
    await page.getByLabel('New course title').fill('Version Control with Git');
    await checkPage(page, 'instructor-projects');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'Version Control with Git' }).waitFor();
    await page.locator('[data-project-status="draft"]').waitFor();

    await page.getByLabel(/Source folder/).setInputFiles(fixtureRoot);
    await page.getByText(/\d+ sources stored/).waitFor();

    await page.evaluate(RECORD_STAGES);
    await page.getByRole('button', { name: 'Start generation' }).click();
    await page.locator('[data-project-status="ready"]').waitFor({ timeout: 60_000 });
    for (const stage of STAGES)
      await page.locator(`[data-stage="${stage}"][data-stage-status="SUCCESS"]`).waitFor();
    await page.locator('[data-progress="generation"] progress[value="100"]').waitFor();
    await checkPage(page, 'instructor-generation-done');

    const seen = await page.evaluate(
      () => (globalThis as unknown as { seen: Record<string, string[]> }).seen,
    );
    for (const stage of STAGES) {
      const states = seen[stage] ?? [];
      // Each stage went from waiting to SUCCESS in the page, without a reload.
      expect(states[0]).toBe('PENDING:0');
      expect(states[states.length - 1]).toBe('SUCCESS:100');
      const values = states.map((s) => Number(s.split(':')[1]));
      expect([...values].sort((a, b) => a - b)).toEqual(values);
    }

    await page.getByRole('link', { name: 'Open the draft pathway' }).click();
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    expect(await page.locator('section.module').count()).toBeGreaterThanOrEqual(3);
  }, 90_000);
});
