// Changes whose outcome the provider does not report: the panel never says "try again" blindly.
// It waits while lockdesk-proxy follows the change, reads the person afresh and says what it found.
import { test, expect, TERRY, SANDBOX_CONNECTION } from './fixtures';
import { OPERATORS_SANDBOX_URL, OPERATORS_URL } from './playwright.config';
import { Sandbox } from './sandbox';
import { UserDetailPage } from './pages/UserDetailPage';

test('a change the provider fails is re-read, and the page says it was not made', async ({ page, sandbox, detail }) => {
  await sandbox.reset();
  await detail.goto(SANDBOX_CONNECTION.id, TERRY.id, TERRY.name);
  // Only the change fails (500); the re-read afterwards works.
  await sandbox.setFaults({ fail_status: 500, changes_only: true });
  await detail.deactivate(TERRY.name);
  const alert = page.getByRole('alert').filter({ hasText: `${TERRY.name} was not deactivated` });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('The change did not go through. FusionAuth says now: Can sign in · Active.');
  await expect(alert).toContainText('You can try again.');
  await detail.expectSignIn('active');
  await sandbox.clearFaults();
});

test('a change that outlives its request is followed until it ends, then confirmed', async ({ page, request }) => {
  // operators.toml answers changes within 2 s; with 1.5 s per provider call the read before and
  // the change alone take 3 s, so the proxy answers "outcome unknown" and keeps following.
  const sandbox = new Sandbox(request, OPERATORS_SANDBOX_URL);
  await sandbox.reset();
  await page.goto(`${OPERATORS_URL}/c/${SANDBOX_CONNECTION.id}/users/${TERRY.id}`);
  await page.getByLabel('Name').fill('hal');
  await page.getByLabel('Password').fill('helpdesk-test-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const detail = new UserDetailPage(page);
  await expect(detail.heading(TERRY.name)).toBeVisible();
  await sandbox.setFaults({ latency_ms: 1500 });
  const answers: number[] = [];
  page.on('response', (r) => { if (r.request().method() === 'DELETE') answers.push(r.status()); });
  await detail.deactivate(TERRY.name);
  await expect(page.getByRole('status').filter({ hasText: 'Checking whether the change was made.' })).toBeVisible({ timeout: 10_000 });
  await expect(detail.notice(`${TERRY.name} is now deactivated.`)).toBeVisible({ timeout: 20_000 });
  await detail.expectSignIn('deactivated');
  expect(answers).toEqual([202]);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await sandbox.clearFaults();
});
