// Genesys Cloud in the panel, on the Genesys sandbox, by roles and labels: deactivate with
// sign-out (each step reported), reactivate, the version-conflict flow (somebody else edits the
// person between the read and the change), soft delete then restore, and an unknown state.
import { test, expect, shot } from './fixtures';
import { SearchPage } from './pages/SearchPage';

const GENESYS = 'genesys-sandbox';
const JOHN = { id: '12345678-1234-1234-1234-123456789abc', name: 'John Doe', email: 'john.doe@example.com' };
const DANA = { id: '33333333-3333-4333-8333-333333333333', name: 'Dana Deleted' };
const UNA = { id: '55555555-5555-4555-8555-555555555555', name: 'Una Unknown' };

test.beforeEach(async ({ sandbox }) => {
  await sandbox.reset();
});

test('deactivate also signs them out, each step reported; then reactivate', async ({ page, detail }) => {
  await detail.goto(GENESYS, JOHN.id, JOHN.name);
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
  await expect(page.getByRole('definition').filter({ hasText: /^Home$/ })).toBeVisible();
  await detail.deactivateButton.click();
  const dialog = detail.deactivateDialog(JOHN.name);
  await expect(dialog).toContainText('Genesys Cloud takes away their roles. Reactivating gives back only the roles that come from their groups');
  const also = dialog.getByRole('checkbox', { name: 'Also sign them out everywhere' });
  await expect(also).toBeChecked();
  await expect(dialog).toContainText('lockdesk will do this in 2 steps: Deactivate, then Sign out everywhere.');
  await shot(page, 'genesys-deactivate-dialog');
  await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
  const steps = page.getByRole('list', { name: 'Steps' });
  await expect(steps).toContainText('Step 1: Deactivate — done');
  await expect(steps).toContainText('Step 2: Sign out everywhere — done');
  await expect(detail.notice(`${JOHN.name} was deactivated.`)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Cannot sign in · Deactivated');
  await detail.reactivateButton.click();
  await expect(detail.notice(`${JOHN.name} was reactivated.`)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
});

test('signing out can be left out of deactivating', async ({ page, detail }) => {
  await detail.goto(GENESYS, JOHN.id, JOHN.name);
  await detail.deactivateButton.click();
  const dialog = detail.deactivateDialog(JOHN.name);
  await dialog.getByRole('checkbox', { name: 'Also sign them out everywhere' }).uncheck();
  await expect(dialog).not.toContainText('2 steps');
  await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
  await expect(detail.notice(`${JOHN.name} was deactivated.`)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Steps' })).toHaveCount(0);
  await expect(detail.signInStatus).toContainText('Cannot sign in · Deactivated');
});

test('a change after somebody else edited the person is refused, shown and decided again', async ({ page, detail, sandbox }) => {
  await detail.goto(GENESYS, JOHN.id, JOHN.name);
  // Somebody edits John in Genesys after the panel read him (the next change meets a new version).
  await sandbox.setGenesysFaults({ conflict_next_change: true });
  await detail.deactivateButton.click();
  const dialog = detail.deactivateDialog(JOHN.name);
  await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: `Someone else changed ${JOHN.name} first` });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('nothing was changed');
  await expect(alert).toContainText('Department: “Sales” is now “Edited elsewhere”');
  await expect(alert).toContainText('choose Deactivate again');
  await shot(page, 'genesys-version-conflict');
  await expect(page.getByRole('list', { name: 'Steps' })).toContainText('Step 1: Deactivate — not done');
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
  await expect(page.getByRole('definition').filter({ hasText: /^Edited elsewhere$/ })).toBeVisible();
  // Asked again, with the version read now: it goes through.
  await detail.deactivate(JOHN.name);
  await expect(detail.notice(`${JOHN.name} was deactivated.`)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Cannot sign in · Deactivated');
});

test('delete is soft: the page stays, shows the person deleted, and Restore brings them back', async ({ page, detail }) => {
  await detail.goto(GENESYS, JOHN.id, JOHN.name);
  await expect(page.getByRole('button', { name: 'Delete permanently', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Delete ${JOHN.name}?` });
  await expect(dialog).toContainText('An admin can restore them later.');
  await expect(dialog.getByRole('checkbox', { name: 'Also sign them out everywhere' })).toBeChecked();
  const confirm = dialog.getByRole('button', { name: 'Delete', exact: true });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type ${JOHN.email} to confirm`).fill(JOHN.email);
  await confirm.click();
  const steps = page.getByRole('list', { name: 'Steps' });
  await expect(steps).toContainText('Step 1: Sign out everywhere — done');
  await expect(steps).toContainText('Step 2: Delete — done');
  await expect(detail.notice(`${JOHN.name} was deleted (you can restore them).`)).toBeVisible();
  await expect(detail.heading(JOHN.name)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Cannot sign in · Deleted (can be restored)');
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  const restore = page.getByRole('dialog', { name: `Restore ${JOHN.name}?` });
  await restore.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(detail.notice(`${JOHN.name} was restored.`)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
});

test('search finds by email and a deleted person by id; an unknown state is reading only', async ({ page, detail }) => {
  const search = new SearchPage(page, GENESYS);
  await search.goto();
  await search.search(JOHN.email);
  await expect(page.getByRole('link', { name: JOHN.name })).toBeVisible();
  await search.search(DANA.id);
  await expect(page.getByRole('link', { name: DANA.name })).toBeVisible();
  await detail.goto(GENESYS, UNA.id, UNA.name);
  await expect(detail.signInStatus).toContainText('Unknown (suspended)');
  await expect(page.getByRole('region', { name: 'Actions' }).getByRole('button')).toHaveCount(0);
});
