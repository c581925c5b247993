// Bad input is explained in plain words and sends no call; a double click sends one.
import { test, expect, SANDBOX_CONNECTION, TERRY } from './fixtures';

test.beforeEach(async ({ sandbox }) => {
  await sandbox.reset();
});

/** Counts the provider calls the page makes through the proxy. */
function countProviderCalls(page: import('@playwright/test').Page, pathPart = ''): () => number {
  let n = 0;
  page.on('request', (req) => {
    if (req.url().includes(`/proxy/${SANDBOX_CONNECTION.id}/`) && req.url().includes(pathPart)) n += 1;
  });
  return () => n;
}

test('a malformed user id in the address is explained and nothing is sent', async ({ page }) => {
  const calls = countProviderCalls(page);
  await page.goto(`/c/${SANDBOX_CONNECTION.id}/users/not-a-real-id`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Check what you typed');
  await expect(alert).toContainText('"not-a-real-id" is not a valid user id');
  expect(calls()).toBe(0);
});

test('an incomplete email is explained and nothing is sent', async ({ page, search }) => {
  await search.goto();
  const calls = countProviderCalls(page);
  await search.search('terry@exa');
  await expect(page.getByRole('alert')).toContainText('is not a complete one');
  expect(calls()).toBe(0);
});

test('an unknown email or id is "No users match", not an error', async ({ page, search }) => {
  await search.goto();
  await search.search('nobody@example.com');
  await expect(search.noResults).toBeVisible();
  await search.search('00000000-0000-4000-8000-000000000000');
  await expect(search.noResults).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a double click sends one sign-out, not two', async ({ page, detail }) => {
  await detail.goto(SANDBOX_CONNECTION.id, TERRY.id, TERRY.name);
  const calls = countProviderCalls(page, '/api/jwt/refresh');
  await detail.signOutEverywhereButton.dblclick();
  await expect(detail.notice(`${TERRY.name} was signed out everywhere.`)).toBeVisible();
  await page.waitForTimeout(300);
  expect(calls()).toBe(1);
});

test('hostile profile text from the provider shows as text, never as markup', async ({ page, search }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await search.goto('mallory');
  const name = '<img src=x onerror=alert(1)> Mallory';
  await expect(search.user(name)).toBeVisible();
  await search.user(name).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('<script>alert(2)</script>', { exact: true })).toBeVisible();
  await expect(page.locator('main img, main script')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});
