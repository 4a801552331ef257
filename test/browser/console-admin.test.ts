/**
 * An admin in the web console: gives a user a role through the `setUserRole` callable and
 * revokes a certificate, after which the public verification page (no sign-in) says so.
 */
import { adminAuth } from '../helpers/services';
import { createUser } from '../helpers/auth';
import { checkPage, consoleBrowser, consoleOrigin, signInToConsole } from '../helpers/console';
import {
  certificatePathway,
  completeAll,
  issuedCertificate,
} from '../emulator/certificates/fixture';
import { api } from '../helpers/api';

const chrome = consoleBrowser();

describe('the web console, an admin', () => {
  it('sets a role and revokes a certificate, which the public verify page then shows', async () => {
    const [admin, instructor, learner, promoted] = await Promise.all([
      createUser('admin', 'console-admin'),
      createUser('instructor'),
      createUser('learner'),
      createUser('learner', 'promoted'),
    ]);
    const tree = await certificatePathway(instructor);
    expect(
      (await api(learner.token).post(`/api/v1/pathways/${tree.pathwayId}/enroll`)).status,
    ).toBe(201);
    await completeAll(learner, tree);
    const certificateId = await issuedCertificate(learner.uid, tree.pathwayId);

    const page = await signInToConsole(chrome.browser, admin);
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await checkPage(page, 'admin');

    await page.getByLabel("User's email").fill(promoted.email);
    await page.getByLabel('Role', { exact: true }).selectOption('instructor');
    await page.getByRole('button', { name: 'Set role' }).click();
    await page.getByText(`${promoted.email} is now instructor (was learner).`).waitFor();
    expect((await adminAuth().getUser(promoted.uid)).customClaims?.role).toBe('instructor');

    const revokeForm = page.getByRole('form', { name: 'Revoke a certificate' });
    await page.getByLabel("Learner's user id").fill(learner.uid);
    await page.getByLabel('Pathway id').fill(tree.pathwayId);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('The stored progress matches a recomputation.').waitFor();

    await revokeForm.getByLabel('Certificate id').fill(certificateId);
    await page.getByLabel(/Reason/).fill('Issued in error');
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('link', { name: 'See its verification page' }).click();
    await page.getByText('This certificate is revoked.').waitFor();
    await expect(page.textContent('main')).resolves.toContain('Issued in error');

    // Anyone, signed out, sees the same.
    const stranger = await (await chrome.browser.newContext()).newPage();
    await stranger.goto(`${consoleOrigin()}/`);
    await stranger.getByRole('button', { name: 'Sign in' }).waitFor();
    await checkPage(stranger, 'sign-in');
    await stranger.goto(`${consoleOrigin()}/#/verify/${certificateId}`);
    await stranger.getByText('This certificate is revoked.').waitFor();
    await checkPage(stranger, 'public-verify-revoked');
    await stranger.goto(`${consoleOrigin()}/verify/${certificateId}`);
    await expect(stranger.textContent('body')).resolves.toMatch(/revoked/i);

    // A wrong id is an error a person can read, not a blank page.
    await page.goto(`${consoleOrigin()}/#/admin`);
    await revokeForm.getByLabel('Certificate id').fill('NOTACERTIFICATE');
    await page.getByLabel(/Reason/).fill('Issued in error');
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('alert').waitFor();
  }, 90_000);
});
