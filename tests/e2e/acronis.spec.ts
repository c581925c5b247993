// Acronis in the panel, on the Acronis sandbox, by roles and labels: delete as disable-then-delete
// with Acronis's explanation, restore (and let them sign in again), the version conflict, and
// search results that say their padlock is only known on the person's page.
import { test, expect, shot } from './fixtures';
import { SearchPage } from './pages/SearchPage';

const ACRONIS = 'acronis-sandbox';
const JOHN = { id: '1c234e69-5469-424a-a6d1-ff5658b387a6', name: 'John Doe', email: 'johndoe@mysite.com' };

test.beforeEach(async ({ sandbox }) => {
  await sandbox.reset();
});

test('delete disables first, says what Acronis deletes, stays on the page; restore brings them back', async ({ page, detail }) => {
  await detail.goto(ACRONIS, JOHN.id, JOHN.name);
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${JOHN.name}?` });
  await expect(dialog).toContainText('Acronis deletes only disabled accounts. So lockdesk disables them first, then deletes them.');
  await expect(dialog).toContainText('unregisters their machines, revokes their plans and deletes their cloud backups');
  await expect(dialog).toContainText('lockdesk will do this in 2 steps: Deactivate, then Delete.');
  const confirm = dialog.getByRole('button', { name: 'Delete', exact: true });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type ${JOHN.email} to confirm`).fill(JOHN.email);
  await shot(page, 'acronis-delete-dialog');
  await confirm.click();
  const steps = page.getByRole('list', { name: 'Steps' });
  await expect(steps).toContainText('Step 1: Deactivate — done');
  await expect(steps).toContainText('Step 2: Delete — done');
  await expect(detail.heading(JOHN.name)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Cannot sign in · Deleted (can be restored)');
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  const restore = page.getByRole('dialog', { name: `Restore ${JOHN.name}?` });
  await expect(restore.getByRole('checkbox', { name: 'Also let them sign in again' })).toBeChecked();
  await restore.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(steps).toContainText('Step 1: Restore — done');
  await expect(steps).toContainText('Step 2: Reactivate — done');
  await expect(detail.notice(`${JOHN.name} was restored.`)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
});

test('a disable after somebody else edited the person is refused, shown and decided again', async ({ page, detail, sandbox }) => {
  await detail.goto(ACRONIS, JOHN.id, JOHN.name);
  await sandbox.setAcronisFaults({ conflict_next_change: true });
  await detail.deactivate(JOHN.name);
  const alert = page.getByRole('alert').filter({ hasText: `Someone else changed ${JOHN.name} first` });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Phone: not set is now “+1 555 0100”');
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
  await detail.deactivate(JOHN.name);
  await expect(detail.notice(`${JOHN.name} was deactivated.`)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Cannot sign in · Deactivated');
  await detail.reactivateButton.click();
  await expect(detail.notice(`${JOHN.name} was reactivated.`)).toBeVisible();
});

test('search lists users of the tenant; their padlock is read on their own page', async ({ page, detail }) => {
  const search = new SearchPage(page, ACRONIS);
  await search.goto();
  await search.search('john');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: JOHN.name }) });
  await expect(row).toContainText('Sign-in unknown · Unknown (open them to see)');
  await row.getByRole('link', { name: JOHN.name }).click();
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
  await expect(page.getByRole('definition').filter({ hasText: /^ede9f834-70b3-476c-83d9-736f9f8c7dae$/ })).toBeVisible();
});
