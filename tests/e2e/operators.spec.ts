// Operator sign-in and roles, on the proxy started with operators.toml: a helpdesk operator can
// deactivate but not delete; every change is in the audit log with who did it.
import fs from 'node:fs';
import { test, expect, TERRY, SANDBOX_CONNECTION } from './fixtures';
import { OPERATORS_AUDIT, OPERATORS_SANDBOX_URL, OPERATORS_URL } from './playwright.config';
import { UserDetailPage } from './pages/UserDetailPage';

test.beforeEach(async ({ request }) => {
  const res = await request.post(`${OPERATORS_SANDBOX_URL}/_sandbox/reset`);
  expect(res.ok()).toBeTruthy();
});

async function signIn(page: import('@playwright/test').Page, name: string, password: string) {
  await page.goto(`${OPERATORS_URL}/c/${SANDBOX_CONNECTION.id}/users/${TERRY.id}`);
  await expect(page.getByRole('heading', { name: 'Sign in to lockdesk' })).toBeVisible();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a wrong password is refused in plain words', async ({ page }) => {
  await signIn(page, 'hal', 'not-the-password');
  await expect(page.getByRole('alert')).toContainText('Wrong name or password.');
  await expect(page.getByRole('heading', { name: 'Sign in to lockdesk' })).toBeVisible();
});

test('a helpdesk operator deactivates Terry but cannot delete him', async ({ page }) => {
  await signIn(page, 'hal', 'helpdesk-test-password');
  const detail = new UserDetailPage(page);
  await expect(detail.heading(TERRY.name)).toBeVisible();
  await expect(page.getByText('Signed in as')).toContainText('hal');
  await expect(detail.deleteButton).toBeDisabled();
  // Still focusable, and its reason is its accessible description.
  await expect(detail.deleteButton).toHaveAttribute('aria-disabled', 'true');
  await expect(detail.deleteButton).toHaveAccessibleDescription('Needs the admin role; yours is helpdesk. Ask an admin.');
  await detail.deleteButton.focus();
  await expect(detail.deleteButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(detail.deleteDialog(TERRY.name)).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await expect(page.getByText('Needs the admin role; yours is helpdesk. Ask an admin.')).toBeVisible();
  await detail.deactivate(TERRY.name);
  await detail.expectSignIn('deactivated');
  const lines = fs.readFileSync(OPERATORS_AUDIT, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const done = lines.filter((l) => l.operation === 'deactivate_user' && l.stage === 'completed');
  expect(done.at(-1)).toMatchObject({ operator: 'hal', role: 'helpdesk', outcome: 'allowed', target_user_id: TERRY.id });
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to lockdesk' })).toBeVisible();
});

test('an admin can delete, and the audit log names them', async ({ page }) => {
  await signIn(page, 'ada', 'admin-test-password-1');
  const detail = new UserDetailPage(page);
  await expect(detail.deleteButton).toBeEnabled();
  await detail.deleteButton.click();
  await detail.deleteConfirmBox(TERRY.name, TERRY.email).fill(TERRY.email);
  await detail.deleteConfirmButton(TERRY.name).click();
  await expect(page.getByRole('status').filter({ hasText: `${TERRY.name} was deleted permanently.` })).toBeVisible();
  const lines = fs.readFileSync(OPERATORS_AUDIT, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(lines.filter((l) => l.operation === 'delete_user' && l.stage === 'completed').at(-1))
    .toMatchObject({ operator: 'ada', role: 'admin', outcome: 'allowed' });
});

test('an admin reads the audit line in the panel, filters it and downloads it as CSV', async ({ page }) => {
  await signIn(page, 'ada', 'admin-test-password-1');
  const detail = new UserDetailPage(page);
  await detail.deactivate(TERRY.name);
  await detail.expectSignIn('deactivated');
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  const newest = page.locator('table.audit tbody tr').first();
  await expect(newest).toContainText('ada (admin)');
  await expect(newest).toContainText('Deactivate');
  await expect(newest).toContainText(TERRY.name);
  await expect(newest).toContainText('Active → Deactivated');
  await expect(newest).toContainText('Done');
  // Filter to another operator: the URL keeps the filter, and only their changes are listed.
  await page.getByLabel('Operator').fill('hal');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/\/audit\?operator=hal/);
  await expect(page.locator('table.audit tbody tr', { hasText: 'ada (admin)' })).toHaveCount(0);
  await page.getByLabel('Operator').fill('ada');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.locator('table.audit tbody tr').first()).toContainText('ada (admin)');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  const csv = fs.readFileSync(await download.path(), 'utf8').trim().split('\n');
  expect(csv[0]).toMatch(/^time,stage,outcome,operator,role,connection,operation,target_user_id,target_name/);
  expect(csv.length).toBeGreaterThan(1);
  expect(csv.slice(1).every((row) => row.includes(',ada,admin,'))).toBeTruthy();
  expect(csv.some((row) => row.includes(`deactivate_user,${TERRY.id},${TERRY.name},Active,Deactivated`))).toBeTruthy();
});

test('when the session ends, the next action asks to sign in again and changes nothing', async ({ page, context }) => {
  await signIn(page, 'hal', 'helpdesk-test-password');
  const detail = new UserDetailPage(page);
  await expect(detail.heading(TERRY.name)).toBeVisible();
  await context.clearCookies();
  await detail.deactivate(TERRY.name);
  await expect(page.getByRole('heading', { name: 'Sign in to lockdesk' })).toBeVisible();
  await page.getByLabel('Name').fill('hal');
  await page.getByLabel('Password').fill('helpdesk-test-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await detail.expectSignIn('active');
});
