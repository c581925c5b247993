// Okta's lifecycle in the panel, on the Okta sandbox, by roles and labels: unlock, suspend and
// unsuspend, deactivate (the warning names the loss) then delete, delete as one plan of two
// steps, activate with the link shown once, reset factors, sign out everywhere, the 429
// countdown, and "Changing to …" settling.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, shot } from './fixtures';
import { SearchPage } from './pages/SearchPage';

const OKTA = 'okta-sandbox';
const PEOPLE = {
  isaac: { id: '00ub0oNGTSWTBKOLGLNR', name: 'Isaac Brock', email: 'isaac.brock@example.com' },
  terry: { id: '00uterry0example0001', name: 'Terry Example', email: 'terry@example.com' },
  lara: { id: '00ulara0lockedout001', name: 'Lara Lockedout', email: 'lara.lockedout@example.com' },
  sam: { id: '00usam0suspended0001', name: 'Sam Suspended', email: 'sam.suspended@example.com' },
  stella: { id: '00ustella0staged0001', name: 'Stella Staged', email: 'stella.staged@example.com' },
  fay: { id: '00ufay0factors000001', name: 'Fay Factors', email: 'fay.factors@example.com' },
};

test.beforeEach(async ({ sandbox }) => {
  await sandbox.reset();
});

test('unlock a locked-out person', async ({ page, detail }) => {
  await detail.goto(OKTA, PEOPLE.lara.id, PEOPLE.lara.name);
  await expect(detail.signInStatus).toContainText('Cannot sign in · Locked out');
  await expect(detail.signInStatus).toContainText('Locked out after failed sign-ins');
  await expect(page.getByRole('button', { name: 'Suspend', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(detail.notice(`${PEOPLE.lara.name} was unlocked.`)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
  await expect(page.getByRole('button', { name: 'Unlock', exact: true })).toHaveCount(0);
});

test('suspend and unsuspend', async ({ page, detail }) => {
  await detail.goto(OKTA, PEOPLE.isaac.id, PEOPLE.isaac.name);
  await page.getByRole('button', { name: 'Suspend', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Suspend ${PEOPLE.isaac.name}?` });
  await dialog.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect(detail.notice(`${PEOPLE.isaac.name} was suspended.`)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Cannot sign in · Suspended');
  await expect(detail.signInStatus).toContainText('Suspended by an admin');
  await page.getByRole('button', { name: 'Unsuspend', exact: true }).click();
  await expect(detail.notice(`${PEOPLE.isaac.name} was unsuspended.`)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
});

test('deactivate warns of the loss, shows "Changing to", then delete with the typed email', async ({ page, detail }) => {
  await detail.goto(OKTA, PEOPLE.terry.id, PEOPLE.terry.name);
  await detail.deactivateButton.click();
  const dialog = detail.deactivateDialog(PEOPLE.terry.name);
  await expect(dialog).toContainText('deprovisions them from all assigned apps, which might destroy their data such as email or files');
  await shot(page, 'okta-deactivate-dialog');
  await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
  await expect(detail.notice(`${PEOPLE.terry.name} was deactivated.`)).toBeVisible();
  // Okta deactivates asynchronously: the page says so, and re-reads until it settles.
  await expect(page.getByText('Changing to Deactivated…')).toBeVisible();
  await expect(detail.signInStatus).toContainText('Cannot sign in · Deactivated', { timeout: 10_000 });
  await expect(page.getByText('Changing to Deactivated…')).toHaveCount(0);
  // Now one step: Okta deletes a deactivated person.
  await detail.deleteButton.click();
  const deleteDialog = detail.deleteDialog(PEOPLE.terry.name);
  await expect(deleteDialog).not.toContainText('steps');
  await expect(detail.deleteConfirmButton(PEOPLE.terry.name)).toBeDisabled();
  await detail.deleteConfirmBox(PEOPLE.terry.name, PEOPLE.terry.email).fill(PEOPLE.terry.email);
  await detail.deleteConfirmButton(PEOPLE.terry.name).click();
  const search = new SearchPage(page, OKTA);
  await expect(search.heading).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `${PEOPLE.terry.name} was deleted permanently.` })).toBeVisible();
  await search.search(PEOPLE.terry.email);
  await expect(search.noResults).toBeVisible();
});

test('deleting an active person is one confirmation and two steps: deactivate, then delete', async ({ page, detail }) => {
  await detail.goto(OKTA, PEOPLE.isaac.id, PEOPLE.isaac.name);
  await detail.deleteButton.click();
  const dialog = detail.deleteDialog(PEOPLE.isaac.name);
  await expect(dialog).toContainText('lockdesk will do this in 2 steps: Deactivate, then Delete permanently.');
  await expect(dialog).toContainText('This cannot be undone.');
  await detail.deleteConfirmBox(PEOPLE.isaac.name, PEOPLE.isaac.email).fill(PEOPLE.isaac.email);
  const deletes: number[] = [];
  page.on('response', (r) => { if (r.request().method() === 'DELETE') deletes.push(r.status()); });
  await detail.deleteConfirmButton(PEOPLE.isaac.name).click();
  await expect(page.getByRole('status').filter({ hasText: `${PEOPLE.isaac.name} was deleted permanently.` })).toBeVisible({ timeout: 15_000 });
  expect(deletes, 'exactly one DELETE, sent after the deactivation had settled').toEqual([204]);
  const search = new SearchPage(page, OKTA);
  await search.search(PEOPLE.isaac.email);
  await expect(search.noResults).toBeVisible();
});

test('activate a staged person and see the activation link once, never kept', async ({ page, detail }) => {
  await detail.goto(OKTA, PEOPLE.stella.id, PEOPLE.stella.name);
  await expect(detail.signInStatus).toContainText('Cannot sign in · Not yet activated');
  await page.getByRole('button', { name: 'Activate', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Activate ${PEOPLE.stella.name}?` });
  await dialog.getByLabel('Show it to me once, here').check();
  await dialog.getByRole('button', { name: 'Activate', exact: true }).click();
  const shown = page.getByRole('region', { name: 'Activation link (shown once)' }).or(page.locator('.activation-link'));
  await expect(shown).toBeVisible();
  const link = (await shown.locator('code').innerText()).trim();
  expect(link).toMatch(/^https?:\/\//);
  await expect(detail.notice(`${PEOPLE.stella.name} was activated.`)).toBeVisible();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toContain(link);
  await page.reload();
  await expect(detail.heading(PEOPLE.stella.name)).toBeVisible();
  await expect(page.locator('.activation-link')).toHaveCount(0);
  const audit = fs.readFileSync(path.join(__dirname, 'artifacts', 'audit.jsonl'), 'utf8');
  expect(audit).toContain('"operation":"activate_user"');
  expect(audit, 'the log says the link went to the operator\'s screen').toContain('"email_to_person":false');
  expect(audit).not.toContain(link);
  expect(audit).not.toContain(link.split('/').pop() ?? link);
});

test('reset factors', async ({ page, detail }) => {
  await detail.goto(OKTA, PEOPLE.fay.id, PEOPLE.fay.name);
  await page.getByRole('button', { name: 'Reset factors', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Reset factors ${PEOPLE.fay.name}?` });
  await dialog.getByRole('button', { name: 'Reset factors', exact: true }).click();
  await expect(detail.notice(`${PEOPLE.fay.name} was asked to set up their sign-in factors again.`)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
});

test('sign out everywhere says what Okta does not end', async ({ page, detail }) => {
  await detail.goto(OKTA, PEOPLE.terry.id, PEOPLE.terry.name);
  await expect(page.getByText('not the sessions inside other apps')).toBeVisible();
  await detail.signOutEverywhereButton.click();
  await expect(detail.notice(`${PEOPLE.terry.name} was signed out everywhere.`)).toBeVisible();
});

test('a rate limit shows a countdown to Okta\'s reset and nothing is retried', async ({ page, sandbox, detail }) => {
  await detail.goto(OKTA, PEOPLE.sam.id, PEOPLE.sam.name);
  await sandbox.setOktaFaults({ rate_limit_per_minute: 1 });
  let calls = 0;
  page.on('request', (r) => { if (r.url().includes('/proxy/okta-sandbox/')) calls += 1; });
  const search = new SearchPage(page, OKTA);
  await search.goto();
  await search.search('sam');
  await search.search('sam');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Okta is getting too many requests');
  await expect(alert.getByRole('timer')).toContainText(/You can try again in \d+ seconds?\./);
  const before = calls;
  await page.waitForTimeout(2500);
  expect(calls, 'the panel does not retry by itself').toBe(before);
});

test('a person with one unreadable field is still shown, that field marked', async ({ page, detail }) => {
  await detail.goto(OKTA, '00uodd0lastlogin0001', 'Odd Lastlogin');
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
  const facts = page.getByRole('region', { name: 'Details from Okta' });
  await expect(facts.getByRole('definition').filter({ hasText: 'Unreadable' }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Suspend', exact: true })).toBeVisible();
});

test('an unknown status is shown as it is and only reading is offered', async ({ page, detail }) => {
  await detail.goto(OKTA, '00uunknown0status001', 'Unknown Status');
  await expect(detail.signInStatus).toContainText('Sign-in unknown · Unknown (ACTIVATING)');
  await expect(page.getByText('Nothing can be changed while the account is in this state.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Actions' }).getByRole('button')).toHaveCount(0);
});

test('two tabs: a change the other tab already made is refused in plain words and nothing changes', async ({ browser }) => {
  const context = await browser.newContext();
  const [first, second] = [await context.newPage(), await context.newPage()];
  const url = `/c/${OKTA}/users/${PEOPLE.isaac.id}`;
  for (const tab of [first, second]) {
    await tab.goto(url);
    await expect(tab.getByRole('heading', { level: 1, name: PEOPLE.isaac.name })).toBeVisible();
  }
  const suspend = async (tab: typeof first) => {
    await tab.getByRole('button', { name: 'Suspend', exact: true }).click();
    await tab.getByRole('dialog', { name: `Suspend ${PEOPLE.isaac.name}?` }).getByRole('button', { name: 'Suspend', exact: true }).click();
  };
  await suspend(first);
  await expect(first.getByRole('status').filter({ hasText: `${PEOPLE.isaac.name} was suspended.` })).toBeVisible();
  // The second tab still shows Isaac as active and offers Suspend; Okta refuses it now.
  await suspend(second);
  const alert = second.getByRole('alert');
  await expect(alert).toContainText('Okta does not allow that right now');
  await expect(alert).toContainText('nothing was changed');
  await expect(alert).toContainText('not allowed in the user');
  // The page read Isaac again and shows where he stands.
  await expect(second.getByLabel('Sign-in status', { exact: true })).toContainText('Cannot sign in · Suspended');
  await expect(second.getByRole('button', { name: 'Unsuspend', exact: true })).toBeVisible();
  await context.close();
});

test('Okta results page by its cursor: next, previous, and reload keep the page', async ({ page }) => {
  const search = new SearchPage(page, OKTA);
  await search.goto();
  await search.search('a');
  await expect(page.getByText(/^Showing 1–25/)).toBeVisible();
  const firstOf = async () => (await search.results.getByRole('row').nth(1).getByRole('link').innerText()).trim();
  const pageOne = await firstOf();
  await search.nextPage.click();
  await expect(page.getByText(/^Showing 26–50/)).toBeVisible();
  await expect(page).toHaveURL(/[?&]page=[A-Za-z0-9_-]+/);
  const pageTwo = await firstOf();
  expect(pageTwo).not.toBe(pageOne);
  await page.reload();
  await expect(page.getByText(/^Showing 26–50/)).toBeVisible();
  expect(await firstOf()).toBe(pageTwo);
  await search.previousPage.click();
  await expect(page.getByText(/^Showing 1–25/)).toBeVisible();
  expect(await firstOf()).toBe(pageOne);
});
