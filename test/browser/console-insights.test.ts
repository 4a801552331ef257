/**
 * An instructor's insights in the web console: the scripted cohort's pathway, its figures and
 * charts as the API gives them, at-risk learners with their reasons, an accessibility scan.
 */
import { api } from '../helpers/api';
import { createUser } from '../helpers/auth';
import { checkPage, consoleBrowser, signInToConsole } from '../helpers/console';
import { playInsightsScenario } from '../helpers/insights-scenario';
import { waitFor } from '../helpers/wait';

const chrome = consoleBrowser();

const pct = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);
const hours = (h: number | null) => (h === null ? '—' : `${h} h`);

describe('the web console, an instructor’s insights', () => {
  it('shows the owned pathway’s funnel, at-risk learners, review turnaround and uploads as the API gives them', async () => {
    const owner = await createUser('instructor', 'console-insights');
    const sc = await playInsightsScenario(owner);
    const insights = await waitFor(
      () =>
        api(owner.token).get(
          `/api/v1/instructor/pathways/${sc.tree.pathwayId}/insights?window_days=30`,
        ),
      (r) => r.status === 200 && r.body.at_risk.learners.length > 0,
      60_000,
    );
    const d = insights.body;

    const page = await signInToConsole(chrome.browser, owner);
    await page.getByRole('link', { name: 'Insights' }).click();
    await page.getByRole('heading', { name: 'Insights', exact: true }).waitFor();
    await page.getByRole('link', { name: d.title }).click();
    await page.getByRole('heading', { name: `Insights: ${d.title}` }).waitFor();

    const figure = (id: string) => page.locator(`[data-figure="${id}"]`).textContent();
    expect(await figure('enrolled')).toBe(String(d.enrollments.total));
    expect(await figure('started')).toBe(String(d.enrollments.started));
    expect(await figure('completed')).toBe(String(d.enrollments.completed));
    expect(await figure('completion-rate')).toBe(pct(d.enrollments.completion_rate));
    expect(await figure('pending')).toBe(String(d.reviews.pending));
    expect(await figure('approval-rate')).toBe(pct(d.reviews.approval_rate));
    expect(await figure('review-p50')).toBe(hours(d.reviews.time_to_review_hours.p50));
    expect(await figure('review-p90')).toBe(hours(d.reviews.time_to_review_hours.p90));
    expect(await figure('files')).toBe(String(d.uploads.files));
    expect(await figure('success-rate')).toBe(pct(d.uploads.success_rate));
    // What the scenario did, as the page shows it.
    expect(await figure('enrolled')).toBe('4');
    expect(await figure('approval-rate')).toBe('50%');
    expect(await figure('success-rate')).toBe(pct(3 / (4 + sc.expiredUploads)));

    // Each chart's text alternative lists every bar with its value.
    const funnel = await page.locator('[data-chart="funnel"] desc').textContent();
    expect(funnel).toBe(
      d.funnel.map((s: any) => `${s.label}: ${s.learners} (${pct(s.rate)})`).join('; '),
    );
    const turnaround = await page.getByRole('img', { name: /Time from upload to review decision/ });
    await expect(turnaround.getAttribute('aria-labelledby')).resolves.toBe(
      'turnaround-title turnaround-desc',
    );

    const atRisk = page.locator(`[data-at-risk="${sc.learners.cy.uid}"]`);
    await expect(atRisk.textContent()).resolves.toContain('3 failed attempts at Resource 2.1');
    expect(await page.locator('[data-at-risk]').count()).toBe(d.at_risk.learners.length);

    await checkPage(page, 'instructor-insights');
  }, 180_000);
});
