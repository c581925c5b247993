// The whole offboarding walk on the sandbox, as a person would do it: find Terry, deactivate,
// reactivate, delete permanently.
import { test, expect, shot, SANDBOX_CONNECTION, TERRY } from './fixtures';

test.beforeEach(async ({ sandbox }) => {
  await sandbox.reset();
});

test('find, deactivate, reactivate and delete Terry', async ({ page, connections, search, detail }) => {
  await connections.goto();
  const link = connections.connection(SANDBOX_CONNECTION.label);
  await expect(link).toBeVisible();
  // The kind ("FusionAuth", not the label's "FusionAuth (sandbox)") and the credential mode.
  await expect(page.getByText(/FusionAuth(?! \(sandbox\))/).first()).toBeVisible();
  await expect(page.getByText('FusionAuth · Keys held by the proxy')).toBeVisible();
  await link.click();

  await expect(search.heading).toBeVisible();
  await search.search('terry');
  await search.expectQueryInUrl('terry');
  await expect(search.user(TERRY.name)).toBeVisible();
  for (const column of ['Name', 'Email', 'Status', 'Last sign-in']) {
    await expect(search.results.getByRole('columnheader', { name: column })).toBeVisible();
  }
  await expect(search.row(TERRY.name)).toContainText(TERRY.email);
  await expect(search.row(TERRY.name)).toContainText('Can sign in · Active');
  await shot(page, 'search-results');
  await search.openUser(TERRY.name);

  await expect(detail.heading(TERRY.name)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/c/${SANDBOX_CONNECTION.id}/users/${TERRY.id}$`));
  await detail.expectSignIn('active');
  await expect(detail.reactivateButton).toBeHidden();

  // Deactivate, with confirmation.
  await detail.deactivateButton.click();
  const deactivateDialog = detail.deactivateDialog(TERRY.name);
  await expect(deactivateDialog).toBeVisible();
  await shot(page, 'deactivate-dialog');
  await deactivateDialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
  await expect(deactivateDialog).toBeHidden();
  await expect(detail.notice(`${TERRY.name} was deactivated.`)).toBeVisible();
  // Focus lands on the outcome, not on the page body the replaced buttons leave behind.
  await expect(page.locator('p.notice')).toBeFocused();
  await detail.expectSignIn('deactivated');
  await expect(detail.deactivateButton).toBeHidden();
  await shot(page, 'deactivated');

  // The sandbox really holds the new state: it survives a reload.
  await page.reload();
  await expect(detail.heading(TERRY.name)).toBeVisible();
  await detail.expectSignIn('deactivated');

  // Reactivate needs no confirmation.
  await detail.reactivateButton.click();
  await expect(detail.notice(`${TERRY.name} was reactivated.`)).toBeVisible();
  await detail.expectSignIn('active');
  await expect(detail.deactivateButton).toBeVisible();

  // Delete permanently: the confirm button stays disabled until the email is typed exactly.
  await detail.deleteButton.click();
  const deleteDialog = detail.deleteDialog(TERRY.name);
  await expect(deleteDialog).toBeVisible();
  const confirmBox = detail.deleteConfirmBox(TERRY.name, TERRY.email);
  const confirm = detail.deleteConfirmButton(TERRY.name);
  await expect(confirm).toBeDisabled();
  await confirmBox.fill(TERRY.email.slice(0, -1));
  await expect(confirm).toBeDisabled();
  await confirmBox.fill(TERRY.email);
  await expect(confirm).toBeEnabled();
  await shot(page, 'delete-dialog');
  await confirm.click();

  await expect(search.heading).toBeVisible();
  await expect(page).toHaveURL((url) => url.pathname === search.path);
  await expect(page.getByRole('status').filter({ hasText: `${TERRY.name} was deleted permanently.` })).toBeVisible();
  await search.search('terry');
  await expect(search.noResults).toBeVisible();
  await shot(page, 'after-delete');
});

test('Escape closes the deactivate dialog without acting', async ({ page, detail }) => {
  await detail.goto(SANDBOX_CONNECTION.id, TERRY.id, TERRY.name);
  await detail.expectSignIn('active');
  await detail.deactivateButton.click();
  const dialog = detail.deactivateDialog(TERRY.name);
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await detail.expectSignIn('active');
  await expect(detail.notice('was deactivated')).toHaveCount(0);

  await page.reload();
  await expect(detail.heading(TERRY.name)).toBeVisible();
  await detail.expectSignIn('active');
});

test('back, forward and reload keep the search query', async ({ page, search, detail }) => {
  await search.goto();
  await search.search('terry');
  await search.expectQueryInUrl('terry');
  await search.openUser(TERRY.name);
  await expect(detail.heading(TERRY.name)).toBeVisible();

  await page.goBack();
  await search.expectQueryInUrl('terry');
  await expect(search.searchBox).toHaveValue('terry');
  await expect(search.user(TERRY.name)).toBeVisible();

  await page.goForward();
  await expect(detail.heading(TERRY.name)).toBeVisible();

  await page.goBack();
  await page.reload();
  await search.expectQueryInUrl('terry');
  await expect(search.searchBox).toHaveValue('terry');
  await expect(search.user(TERRY.name)).toBeVisible();
});

test('a search URL opened directly shows its results', async ({ search }) => {
  await search.goto('terry');
  await expect(search.searchBox).toHaveValue('terry');
  await expect(search.user(TERRY.name)).toBeVisible();
});

test('a notice belongs to its page and is gone after moving on', async ({ page, search, detail }) => {
  await page.goto(`${search.path}?q=terry`);
  await search.openUser(TERRY.name);
  await detail.deactivate(TERRY.name);
  await expect(detail.notice(`${TERRY.name} was deactivated.`)).toBeVisible();
  await page.goBack();
  await expect(search.user(TERRY.name)).toBeVisible();
  await expect(page.getByText(`${TERRY.name} was deactivated.`)).toHaveCount(0);
});
