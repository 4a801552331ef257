/**
 * The media library in the web console, in Chromium against the local stack: an instructor
 * uploads a real image and a real document from the page (signed URL, progress bar), previews
 * and downloads them, meets the 409 that names the resource using one, deletes the other; the
 * page's error states for a 400 (next to the field), a 413 (the limit) and a 429 (when to retry)
 * come from real server answers; an admin sees everyone's items; a 9 MB upload survives a
 * dropped chunk and resumes. Screenshots, one on a phone-sized viewport, and axe scans.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { api } from '../helpers/api';
import { createUser, type TestUser } from '../helpers/auth';
import { buildPathway } from '../helpers/catalog';
import { checkPage, consoleBrowser, screenshot, signInToConsole } from '../helpers/console';
import { fileBytes } from '../helpers/files';
import { realFile } from '../emulator/media/fixture';

const MB = 1024 * 1024;
const chrome = consoleBrowser();

const row = (page: Page, fileName: string) => page.locator(`tr[data-file="${fileName}"]`);

async function openLibrary(user: TestUser): Promise<Page> {
  const page = await signInToConsole(chrome.browser, user);
  await page.getByRole('link', { name: 'Media library' }).click();
  await page.getByRole('heading', { name: 'Media library' }).waitFor();
  return page;
}

async function choose(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  // A 9 MB file crosses from Node to the browser in seconds, more on a busy machine.
  await page
    .getByLabel('File', { exact: true })
    .setInputFiles({ name, mimeType, buffer }, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
}

async function uploadFromPage(page: Page, name: string, mimeType: string, buffer: Buffer) {
  await choose(page, name, mimeType, buffer);
  await page.getByText(`${name} is ready.`).waitFor({ timeout: 30_000 });
  await page.locator('[data-progress="media-upload"] progress[value="100"]').waitFor();
  await row(page, name).and(page.locator('[data-media-status="ready"]')).waitFor();
  return (await row(page, name).getAttribute('data-media')) as string;
}

/** The bytes of the file a click makes the browser save. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFile((await download.path()) as string);
}

describe('the media library in the web console', () => {
  it('uploads an image and a document, previews, downloads, refuses a delete in use and deletes', async () => {
    const instructor = await createUser('instructor', 'media-console');
    const tree = await buildPathway(instructor.token, [
      { resources: [{ type: 'article', title: 'Reading: the handout' }] },
    ]);
    const lesson = tree.modules[0]?.resources[0] as string;
    const page = await openLibrary(instructor);
    await page.getByText('No media matches.').waitFor();

    const image = await realFile('pic.png');
    const pdf = await realFile('handout.pdf');
    const imageId = await uploadFromPage(page, 'diagram.png', 'image/png', image);
    const documentId = await uploadFromPage(page, 'handout.pdf', 'application/pdf', pdf);
    await expect(row(page, 'diagram.png').textContent()).resolves.toContain('image');
    await expect(row(page, 'handout.pdf').textContent()).resolves.toContain('document');

    // Preview draws the image from its signed URL; Download saves the document's exact bytes.
    await page.getByRole('button', { name: 'Preview diagram.png' }).click();
    const preview = page.getByRole('img', { name: 'diagram.png' });
    await preview.waitFor();
    // Drawn, not just placed: the browser decoded the bytes the signed URL served.
    await page.waitForFunction(
      `document.querySelector('[data-media-detail="${imageId}"] img')?.naturalWidth > 0`,
    );
    const saved = await downloaded(page, () =>
      page.getByRole('button', { name: 'Download handout.pdf' }).click(),
    );
    expect(saved.equals(pdf)).toBe(true);

    // Filters go to the API: kind, then status.
    await page.getByLabel('Filter by kind').selectOption('document');
    await row(page, 'diagram.png').waitFor({ state: 'detached' });
    await row(page, 'handout.pdf').waitFor();
    await page.getByLabel('Filter by status').selectOption('rejected');
    await page.getByText('No media matches.').waitFor();
    await page.getByLabel('Filter by kind').selectOption('');
    await page.getByLabel('Filter by status').selectOption('ready');
    await row(page, 'diagram.png').waitFor();
    await checkPage(page, 'instructor-media-library');

    // In use by a resource: the delete is refused, naming the resource and its pathway.
    const attached = await api(instructor.token).patch(`/api/v1/resources/${lesson}`, {
      media_id: documentId,
    });
    expect(attached.status).toBe(200);
    await page.getByRole('button', { name: 'Delete handout.pdf' }).click();
    const refusal = page.locator(`[data-media-detail="${documentId}"] [role="alert"]`);
    await refusal.waitFor();
    await expect(refusal.getAttribute('data-error-status')).resolves.toBe('409');
    const blocker = refusal.locator(`[data-blocker="resources.${lesson}"]`);
    await expect(blocker.textContent()).resolves.toContain('Reading: the handout');
    await expect(blocker.textContent()).resolves.toContain(tree.pathwayId);
    await screenshot(page, 'instructor-media-delete-refused');
    expect((await api(instructor.token).get(`/api/v1/media/${documentId}`)).status).toBe(200);

    await page.getByRole('button', { name: 'Delete diagram.png' }).click();
    await row(page, 'diagram.png').waitFor({ state: 'detached' });
    expect((await api(instructor.token).get(`/api/v1/media/${imageId}`)).status).toBe(404);

    // A 400 names the field next to the file input; a 413 states the limit.
    await page.getByLabel('Filter by status').selectOption('');
    await choose(page, 'notes.txt', 'text/plain', Buffer.from('plain text\n'));
    const field = page.locator('[data-field-error="file_name"]');
    await field.waitFor();
    await expect(field.textContent()).resolves.toContain('A document must be one of: pdf');
    await expect(
      page.getByLabel('File', { exact: true }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    await expect(
      page
        .locator('form[aria-labelledby="media-upload-title"] [role="alert"]')
        .getAttribute('data-error-status'),
    ).resolves.toBe('400');

    await choose(page, 'poster.png', 'image/png', fileBytes('png', 6 * MB));
    const tooLarge = page.locator('[data-error-status="413"]');
    await tooLarge.waitFor();
    await expect(tooLarge.locator('[data-limit]').textContent()).resolves.toContain(
      'is at most 5 MB',
    );
    await checkPage(page, 'instructor-media-too-large');

    // The same page on a phone: each item becomes a card, nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'instructor-media-library-mobile');
    const fits =
      'document.documentElement.scrollWidth <= window.innerWidth && ' +
      "[...document.querySelectorAll('.table-scroll')].every((b) => b.scrollWidth <= b.clientWidth)";
    expect(await page.evaluate(fits)).toBe(true);
  }, 240_000);

  it('shows when to retry once the media quota is spent, pages through the items, and admins see everyone’s', async () => {
    const [instructor, admin] = await Promise.all([
      createUser('instructor', 'media-quota'),
      createUser('admin', 'media-admin'),
    ]);
    // Thirty uploads opened through the real API spend the hour's media quota. Resumable, so
    // their expiry (which gives the quota back) is a day away, not the test stack's seconds.
    for (let batch = 0; batch < 3; batch += 1) {
      const opened = await api(instructor.token).post('/api/v1/upload/batch', {
        files: Array.from({ length: 10 }, (_, i) => ({
          kind: 'image',
          file_name: `still-${batch}-${i}.png`,
          size_bytes: 1000,
          resumable: true,
        })),
      });
      expect(opened.status).toBe(201);
    }
    const page = await openLibrary(instructor);
    const asked = Date.now();
    await choose(page, 'one-more.png', 'image/png', await realFile('pic.png'));
    const limit = page.locator('[data-error-status="429"]');
    await limit.waitFor();
    await expect(limit.textContent()).resolves.toContain('At most 30 uploads per hour');
    await expect(limit.textContent()).resolves.toMatch(/You can try again in (59|60) min, at /);
    const retryAt = Date.parse(
      (await limit.locator('[data-retry-at]').getAttribute('data-retry-at')) as string,
    );
    expect(Math.abs(retryAt - (asked + 3600_000))).toBeLessThan(120_000);
    await checkPage(page, 'instructor-media-quota');

    // Thirty items awaiting upload, ten a page, newest first.
    await page.getByLabel('Filter by status').selectOption('awaiting_upload');
    const seen = new Set<string>();
    for (let n = 1; n <= 3; n += 1) {
      await page.locator(`table[data-media-page="${n}"][aria-busy="false"]`).waitFor();
      const ids = await page
        .locator('tr[data-media]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-media') as string));
      expect(ids).toHaveLength(10);
      ids.forEach((id) => seen.add(id));
      if (n < 3) await page.getByRole('button', { name: 'Next page' }).click();
    }
    expect(seen.size).toBe(30);
    await expect(page.getByRole('button', { name: 'Next page' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.locator('table[data-media-page="2"][aria-busy="false"]').waitFor();

    const adminPage = await openLibrary(admin);
    await adminPage.getByRole('columnheader', { name: 'Owner' }).waitFor();
    await adminPage.getByText('Everyone’s media').waitFor();
    await adminPage.locator('td code', { hasText: instructor.uid }).first().waitFor();
    await checkPage(adminPage, 'admin-media-library');
  }, 240_000);

  it('resumes a 9 MB upload after a chunk’s connection drops, and the stored bytes are whole', async () => {
    const instructor = await createUser('instructor', 'media-resume');
    const page = await openLibrary(instructor);
    const bytes = fileBytes('pdf', 9 * MB + 4321);
    const storage = new URL(process.env.PATHWISE_STORAGE_URL as string).origin;
    const ranges: string[] = [];
    let dropped = false;
    await page.route(`${storage}/**`, async (route) => {
      const range = (await route.request().headerValue('content-range')) ?? '';
      if (route.request().method() === 'PUT') ranges.push(range);
      // The third chunk's connection drops once, as a flaky network would.
      if (!dropped && range.startsWith(`bytes ${2 * MB}-`)) {
        dropped = true;
        await route.abort('connectionreset');
        return;
      }
      await route.continue();
    });

    const id = await uploadFromPage(page, 'lecture-notes.pdf', 'application/pdf', bytes);
    expect(dropped).toBe(true);
    const third = ranges.filter((r) => r.startsWith(`bytes ${2 * MB}-`));
    // Sent twice (dropped, then again), after asking the session what it held.
    expect(third).toHaveLength(2);
    expect(ranges).toContain(`bytes */${bytes.length}`);
    expect(ranges.filter((r) => r.startsWith('bytes ') && !r.includes('*'))).toHaveLength(11);

    const item = await api(instructor.token).get(`/api/v1/media/${id}`);
    expect(item.body).toMatchObject({ status: 'ready', size_bytes: bytes.length });
    const link = await api(instructor.token).get(`/api/v1/media/${id}/download`);
    const stored = Buffer.from(await (await fetch(link.body.signed_url)).arrayBuffer());
    expect(stored.equals(bytes)).toBe(true);
  }, 240_000);
});
