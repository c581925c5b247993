// ONLYOFFICE DocSpace in the panel, on the DocSpace sandbox, by roles and labels: add a person
// (the form's own checks first), find them, deactivate them, delete them for good; an address
// that is taken, shown at its field; reactivation refused for want of a seat; and DocSpace's web
// server answering with an HTML error page, explained and never shown raw.
import { test, expect, shot } from './fixtures';
import { SearchPage } from './pages/SearchPage';

const DOCSPACE = 'docspace-sandbox';
const LABEL = 'DocSpace (sandbox)';
const NINA = { first: 'Nina', last: 'Newstarter', name: 'Nina Newstarter', email: 'nina.newstarter@example.com' };

test.beforeEach(async ({ sandbox }) => {
  await sandbox.reset();
});

test('add a person, find them, deactivate them, then delete them for good', async ({ page, detail }) => {
  const search = new SearchPage(page, DOCSPACE);
  await search.goto();
  await page.getByRole('link', { name: 'Add a person' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add a person' })).toBeVisible();
  // Nothing is sent until the form is right; each problem is said at its field.
  await page.getByRole('button', { name: 'Add person' }).click();
  await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Type the person\'s email address.')).toBeVisible();
  await expect(page.getByText('Type the person\'s first name.')).toBeVisible();
  await page.getByLabel('Email address').fill('nina.newstarter@');
  await page.getByLabel('First name').fill(NINA.first);
  await page.getByLabel('Last name').fill(NINA.last);
  await page.getByRole('button', { name: 'Add person' }).click();
  await expect(page.getByText('This is not a complete email address, for example name@example.com.')).toBeVisible();
  await page.getByLabel('Email address').fill(NINA.email);
  await page.getByRole('radio', { name: /Room admin/ }).check();
  await page.getByRole('button', { name: 'Add person' }).click();
  const confirm = page.getByRole('dialog', { name: `Add ${NINA.name}?` });
  await expect(confirm).toContainText(`This creates a Room admin account for ${NINA.name} <${NINA.email}> in ${LABEL}.`);
  await shot(page, 'docspace-add-person');
  await confirm.getByRole('button', { name: 'Add person' }).click();
  await expect(detail.heading(NINA.name)).toBeVisible();
  await expect(detail.notice(`${NINA.name} was added to ${LABEL}.`)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Can sign in · Active');
  // Found by their address.
  await search.goto();
  await search.search(NINA.email);
  await page.getByRole('link', { name: NINA.name }).click();
  await detail.deactivate(NINA.name);
  await expect(detail.notice(`${NINA.name} was deactivated.`)).toBeVisible();
  await expect(detail.signInStatus).toContainText('Cannot sign in · Deactivated');
  await detail.deleteButton.click();
  const dialog = detail.deleteDialog(NINA.name);
  await expect(dialog).toContainText('Deletes them from DocSpace for good.');
  await detail.deleteConfirmBox(NINA.name, NINA.email).fill(NINA.email);
  await detail.deleteConfirmButton(NINA.name).click();
  await expect(page.getByRole('status').filter({ hasText: `${NINA.name} was deleted permanently.` })).toBeVisible();
  await search.search(NINA.email);
  await expect(page.getByText('No users match')).toBeVisible();
});

test('an address that is already in use is said at the email field; nobody is created', async ({ page }) => {
  await page.goto(`/c/${DOCSPACE}/new-user`);
  await page.getByLabel('Email address').fill('John.Doe@example.com');
  await page.getByLabel('First name').fill('Another');
  await page.getByLabel('Last name').fill('John');
  await page.getByRole('button', { name: 'Add person' }).click();
  await page.getByRole('dialog', { name: 'Add Another John?' }).getByRole('button', { name: 'Add person' }).click();
  await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/That email address is already in use\. DocSpace already has an account with this address/)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Add a person' })).toBeVisible();
});

test('reactivation with no free seat is refused and explained; nothing changes', async ({ page, detail, sandbox }) => {
  await sandbox.setDocSpaceFaults({ seat_limit: 1 });
  const search = new SearchPage(page, DOCSPACE);
  await search.goto();
  await search.search('tina');
  await page.getByRole('link', { name: 'Tina Terminated' }).click();
  await expect(detail.signInStatus).toContainText('Cannot sign in · Deactivated');
  await detail.reactivateButton.click();
  const alert = page.getByRole('alert').filter({ hasText: 'DocSpace has used up its limit' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Free a place first');
  await expect(alert).toContainText("reached your plan's limit");
  await expect(detail.signInStatus).toContainText('Cannot sign in · Deactivated');
});

test("DocSpace's web server answering with an HTML error page is explained, never shown", async ({ page, sandbox }) => {
  await sandbox.setDocSpaceFaults({ html_502: true });
  const search = new SearchPage(page, DOCSPACE);
  await search.goto();
  await search.search('mike');
  const alert = page.getByRole('alert').filter({ hasText: 'DocSpace is not answering behind its web server' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Its web server sent an error page instead of an answer');
  await expect(page.getByText('502 Bad Gateway')).toHaveCount(0);
  await expect(page.getByText('nginx')).toHaveCount(0);
});

test('a create that DocSpace made but answered with a failure is reported made, and opens the person', async ({ page, detail, sandbox }) => {
  await sandbox.setDocSpaceFaults({ fail_after_change: true });
  await page.goto(`/c/${DOCSPACE}/new-user`);
  await page.getByLabel('Email address').fill('made.anyway@example.com');
  await page.getByLabel('First name').fill('Made');
  await page.getByLabel('Last name').fill('Anyway');
  await page.getByRole('button', { name: 'Add person' }).click();
  await page.getByRole('dialog', { name: 'Add Made Anyway?' }).getByRole('button', { name: 'Add person' }).click();
  // DocSpace answered 500; lockdesk-proxy's fresh look-up recorded it made; the panel trusts that.
  await expect(detail.heading('Made Anyway')).toBeVisible();
  await expect(detail.notice(`Made Anyway was added to ${LABEL}.`)).toBeVisible();
});

test('a DocSpace admin account is only created after typing their address', async ({ page }) => {
  await page.goto(`/c/${DOCSPACE}/new-user`);
  await page.getByLabel('Email address').fill('ada.admin@example.com');
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Admin');
  await page.getByRole('radio', { name: /DocSpace admin/ }).check();
  await page.getByRole('button', { name: 'Add person' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add Ada Admin?' });
  const confirm = dialog.getByRole('button', { name: 'Add person' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type ada.admin@example.com to confirm').fill('ada.admin@example.com');
  await confirm.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ada Admin' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^Yes$/ }).first()).toBeVisible();
});
