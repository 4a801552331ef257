/**
 * Seed 003's registration from the console's sign-in page, in Chromium: the API's 400 puts its
 * message next to the password field, and a valid form creates the account (learner role) and
 * signs the person in through the Firebase SDK. One valid registration only: the API allows ten
 * an hour per client address, and every browser test comes from the same one.
 */
import { randomUUID } from 'node:crypto';
import { adminAuth } from '../helpers/services';
import { checkPage, consoleBrowser, consoleOrigin } from '../helpers/console';

const chrome = consoleBrowser();

describe('the web console, a newcomer', () => {
  it('creates an account from the sign-in page, a weak password named next to its field', async () => {
    const email = `register-${randomUUID().slice(0, 8)}@test.pathwise.dev`;
    const page = await (await chrome.browser.newContext()).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${consoleOrigin()}/`);
    await page.getByRole('button', { name: 'Create an account' }).click();
    const form = page.getByRole('form', { name: 'Create an account' });
    await form.getByLabel('Full name').fill('Ines Kowalczyk');
    await form.getByLabel('Your email').fill(email);
    await form.getByLabel('Choose a password').fill('aaaaaaaaaa');
    await form.getByRole('button', { name: 'Create account' }).click();

    const weak = form.locator('[data-field-error="password"]');
    await weak.waitFor();
    await expect(weak.textContent()).resolves.toContain('Too weak');
    await expect(form.getByLabel('Choose a password').getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await expect(form.locator('[role="alert"]').getAttribute('data-error-status')).resolves.toBe(
      '400',
    );
    await checkPage(page, 'register-weak-password');

    await form.getByLabel('Choose a password').fill('correct horse battery');
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByText(`${email} (learner)`).waitFor();
    const user = await adminAuth().getUserByEmail(email);
    expect(user.displayName).toBe('Ines Kowalczyk');
    expect(user.customClaims?.role).toBe('learner');
  }, 120_000);
});
