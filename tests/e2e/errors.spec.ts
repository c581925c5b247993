// Provider failures, injected in the sandbox, as the person at the panel sees them.
import { test, expect, TERRY } from './fixtures';

test.beforeEach(async ({ sandbox }) => {
  await sandbox.reset();
});

test('503 shows "temporarily unavailable" with details, and search works once it clears', async ({ page, sandbox, search }) => {
  await search.goto();
  await sandbox.setFaults({ fail_status: 503 });
  await search.search('terry');

  const alert = page.getByRole('alert').filter({ hasText: 'FusionAuth is temporarily unavailable' });
  await expect(alert).toBeVisible();
  await alert.getByText('Details', { exact: true }).click();
  await expect(alert).toContainText('503');
  await expect(alert).toContainText(/request id/i);

  await sandbox.clearFaults();
  await search.searchButton.click();
  await expect(search.user(TERRY.name)).toBeVisible();
  await expect(alert).toBeHidden();
});

test('429 tells when to try again', async ({ page, sandbox, search }) => {
  await search.goto();
  await sandbox.setFaults({ fail_status: 429, retry_after_s: 30 });
  await search.search('terry');
  await expect(page.getByRole('alert')).toContainText('30 seconds');
});

test('a slow provider shows "Searching…" before the results', async ({ sandbox, search }) => {
  await search.goto();
  await sandbox.setFaults({ latency_ms: 1500 });
  await search.search('terry');
  await expect(search.searching).toBeVisible();
  await expect(search.user(TERRY.name)).toBeVisible({ timeout: 10_000 });
  await expect(search.searching).toBeHidden();
});
