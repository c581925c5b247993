// SCIM 2.0 in the panel, on the SCIM sandbox (a service whose base URL is /scim/v2), by roles and
// labels: deactivate and reactivate Barbara Jensen; a change after somebody else's edit refused
// (412 to the entity tag) and shown; a service that cannot filter on emails, said so.
import { test, expect } from './fixtures';
import { SearchPage } from './pages/SearchPage';

const SCIM = 'scim-sandbox';
const BARBARA = { id: '2819c223-7f76-453a-919d-413861904646', name: 'Babs Jensen', email: 'bjensen@example.com' };

test.beforeEach(async ({ sandbox }) => {
  await sandbox.reset();
});

test('deactivate and reactivate a person on a SCIM service', async ({ page, detail }) => {
  const search = new SearchPage(page, SCIM);
  await search.goto();
  await search.search(BARBARA.email);
  await page.getByRole('link', { name: BARBARA.name }).click();
  await expect(detail.heading(BARBARA.name)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
  await expect(page.getByRole('definition').filter({ hasText: /^Tour Operations$/ })).toBeVisible();
  await detail.deactivate(BARBARA.name);
  await expect(detail.notice(`${BARBARA.name} was deactivated.`)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Cannot sign in · Deactivated');
  await detail.reactivateButton.click();
  await expect(detail.notice(`${BARBARA.name} was reactivated.`)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
});

test('a change after somebody else edited the person is refused, shown and decided again', async ({ page, detail, sandbox }) => {
  await detail.goto(SCIM, BARBARA.id, BARBARA.name);
  await sandbox.setProviderFaults('scim', { conflict_next_change: true });
  await detail.deactivate(BARBARA.name);
  const alert = page.getByRole('alert').filter({ hasText: `Someone else changed ${BARBARA.name} first` });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Title: “Tour Guide” is now “Edited elsewhere”');
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
  await detail.deactivate(BARBARA.name);
  await expect(detail.signInStatus).toContainText('Cannot sign in · Deactivated');
});

test('a service that cannot search by email is asked for user names instead, and the page says so', async ({ page, sandbox }) => {
  await sandbox.setProviderFaults('scim', { reject_email_filter: true });
  const search = new SearchPage(page, SCIM);
  await search.goto();
  await search.search(BARBARA.email);
  await expect(page.getByRole('note')).toContainText('This service cannot search by email address, so lockdesk looked for user names that start with it.');
  await expect(page.getByText('No users match')).toBeVisible();
});
