/**
 * A learner's data export (seed 000's privacy) started from the console's "Your data" page in
 * Chromium: the browser saves the archive, and the saved file is the learner's own data. The
 * export's rate limit gives a real 429 with Retry-After. A 5xx with a request reference and a
 * connection that never answers cannot be produced on demand from a healthy stack, so those two
 * error states alone use Playwright route interception.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { api } from '../helpers/api';
import { createUser } from '../helpers/auth';
import { buildPathway } from '../helpers/catalog';
import { checkPage, consoleBrowser, screenshot, signInToConsole } from '../helpers/console';

const chrome = consoleBrowser();

async function exportFromPage(page: Page): Promise<Record<string, any>> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download your data' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^pathwise-export-[0-9a-f-]{36}\.json$/);
  return JSON.parse(await readFile((await download.path()) as string, 'utf8'));
}

describe('the web console, a learner’s data', () => {
  it('downloads the learner’s export from the page, then shows the export limit and other failures', async () => {
    const [instructor, learner] = await Promise.all([
      createUser('instructor'),
      createUser('learner', 'export-console'),
    ]);
    const tree = await buildPathway(
      instructor.token,
      [{ resources: [{ type: 'article' }, { type: 'article' }] }],
      { publish: true },
    );
    const first = tree.modules[0]?.resources[0] as string;
    expect(
      (await api(learner.token).post(`/api/v1/pathways/${tree.pathwayId}/enroll`)).status,
    ).toBe(201);
    expect(
      (await api(learner.token).post(`/api/v1/users/me/resources/${first}/complete`)).status,
    ).toBe(200);

    const page = await signInToConsole(chrome.browser, learner);
    await page.getByRole('link', { name: 'Your data' }).click();
    await page.getByRole('heading', { name: 'Your data' }).waitFor();
    const archive = await exportFromPage(page);
    expect(archive).toMatchObject({
      format: 'pathwise-export/v1',
      account: { uid: learner.uid, email: learner.email, role: 'learner' },
    });
    expect(archive.enrollments).toHaveLength(1);
    expect(archive.enrollments[0]).toMatchObject({
      user_id: learner.uid,
      pathway_id: tree.pathwayId,
    });
    expect(archive.enrollments[0].resources[first].status).toBe('completed');
    // Nobody else's records, and none of Pathwise's storage locations.
    expect(JSON.stringify(archive)).not.toContain(instructor.uid);
    expect(JSON.stringify(archive)).not.toContain('object_path');
    const status = page.locator('[data-export]');
    await expect(status.textContent()).resolves.toContain('enrollments: 1');
    await checkPage(page, 'learner-your-data');

    // Five exports an hour: three more through the API, one from the page, then the limit.
    for (let i = 0; i < 3; i += 1)
      expect((await api(learner.token).get('/api/v1/users/me/export')).status).toBe(200);
    await exportFromPage(page);
    await page.getByRole('button', { name: 'Download your data' }).click();
    const limit = page.locator('[data-error-status="429"]');
    await limit.waitFor();
    await expect(limit.textContent()).resolves.toMatch(/You can try again in \d+ (s|min), at /);
    await screenshot(page, 'learner-your-data-limit');

    // Intercepted: a server fault carries its request reference; a dead connection says so.
    await page.route('**/api/v1/users/me/export', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { code: 'unavailable', message: 'Internal error', request_id: 'req-7000-1' },
        }),
      }),
    );
    await page.getByRole('button', { name: 'Download your data' }).click();
    const fault = page.locator('[data-error-status="503"]');
    await fault.waitFor();
    await expect(fault.textContent()).resolves.toContain('Something went wrong on our side');
    await expect(fault.textContent()).resolves.toContain('Reference: req-7000-1');
    await page.unroute('**/api/v1/users/me/export');
    await page.route('**/api/v1/users/me/export', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Download your data' }).click();
    const offline = page.locator('[data-error-code="network"]');
    await offline.waitFor();
    await expect(offline.textContent()).resolves.toContain('Pathwise could not be reached');
  }, 240_000);
});
