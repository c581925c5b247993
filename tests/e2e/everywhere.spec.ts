// Offboarding a person in every system at once, and a list of people in bulk, on the six sandboxes:
// the search across connections, the plan, the run with its report, and — under injected 429
// bursts and 500s, a reload and a second tab — every step made exactly once (the sandboxes count
// the changes they applied per person).
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, TERRY } from './fixtures';
import type { Sandbox } from './sandbox';

const PROVIDERS = ['fusionauth', 'okta', 'genesys', 'acronis', 'docspace', 'scim'] as const;

test.beforeEach(async ({ sandbox }) => {
  await sandbox.reset();
});

/** The run's journal as its JSON report has it. */
type Report = { accounts: { email: string; connection: string; user_id: string; after: string | null; steps: { action: string; state: string }[] }[] };

async function report(page: Page): Promise<Report> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report (JSON)' }).click(),
  ]);
  return JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
}

/** Every account's done steps equal the changes its sandbox applied to that person: none lost, none twice. */
async function expectEachStepOnce(sandbox: Sandbox, run: Report): Promise<void> {
  const counts = await sandbox.changes();
  for (const account of run.accounts) {
    const provider = account.connection.replace(/-sandbox$/, '');
    const done = account.steps.filter((s) => s.state === 'Done').length;
    expect(counts[provider]?.[account.user_id] ?? 0, `${account.connection} ${account.email}`).toBe(done);
  }
}

async function waitFinished(page: Page, timeout: number): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: /^Finished/ })).toBeVisible({ timeout });
}

test('offboard Terry Example in every system, then read the report', async ({ page, sandbox }) => {
  await page.goto('/');
  await page.getByLabel('Search every system').fill(TERRY.email);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const card = page.getByRole('region', { name: TERRY.name });
  await expect(card).toContainText('Can sign in to 6 of 6 systems');
  await card.getByRole('link', { name: 'Offboard' }).click();

  await expect(page.getByRole('heading', { name: `Offboard ${TERRY.email}` })).toBeVisible();
  const plans = page.locator('section.account-plan');
  await expect(plans).toHaveCount(6);
  // Destructive steps are there but unticked; the plan says why a step cannot run.
  for (const box of await page.getByRole('checkbox', { name: /^Delete/ }).all()) {
    await expect(box).not.toBeChecked();
  }
  await expect(page.getByRole('region', { name: /DocSpace.*: Terry Example/ })).toContainText('Deactivate already ends every session.');
  await expect(page.getByRole('region', { name: /Acronis.*: Terry Example/ })).toContainText('Acronis has no call that signs a person out');

  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview).toContainText('Sign out everywhere, then Deactivate');
  await preview.getByRole('button', { name: /^Run \d+ steps$/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Run' }).click();

  await expect(page).toHaveURL(/\/offboard\/run\/[0-9a-f-]{36}$/);
  await waitFinished(page, 60_000);
  const rows = page.locator('table.run tbody tr');
  await expect(rows).toHaveCount(6);
  for (const row of await rows.all()) {
    await expect(row).toContainText('Can sign in · Active');
    await expect(row.locator('td').last()).toContainText('Cannot sign in');
  }
  const run = await report(page);
  expect(run.accounts.flatMap((a) => a.steps).every((s) => s.state === 'Done')).toBeTruthy();
  await expectEachStepOnce(sandbox, run);

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download report (CSV)' }).click()]);
  const lines = fs.readFileSync(await csv.path(), 'utf8').trim().split(/\r?\n/);
  expect(lines[0]).toContain('run,line,email,connection');
  expect(lines.length - 1).toBe(run.accounts.flatMap((a) => a.steps).length);
});

test('a list of 200 under 429 bursts and 500s, reloaded and opened twice, makes every step once', async ({ page, context, sandbox }) => {
  test.setTimeout(300_000);
  const perProvider = 36;
  const rows: string[] = [];
  for (const provider of PROVIDERS) {
    for (const person of await sandbox.people(provider, perProvider)) {
      if (person.email !== TERRY.email) rows.push(`${person.email},${provider}-sandbox`);
    }
  }
  const csv = 'email,connection\r\n' + rows.slice(0, 200).join('\r\n') + '\r\n';

  await page.goto('/offboard/bulk');
  await page.getByLabel(/Or upload a CSV file/).setInputFiles({ name: 'leavers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByRole('status').filter({ hasText: '200 people ready.' })).toBeVisible();
  await page.getByRole('button', { name: 'Look them up' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Looked up 200 of 200\. Found 200 accounts of 200 people; 0 not found/ })).toBeVisible({ timeout: 60_000 });

  // Faults for the run itself: a burst of 429s, then 6% of calls failing (some after the change was made).
  await sandbox.setFaults({ burst_429: 20, random_fault_percent: 6, random_fault_seed: 7 });
  await page.getByRole('button', { name: 'Start the run' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start the run' }).click();
  await expect(page).toHaveURL(/\/offboard\/run\//);
  const url = page.url();

  const progress = page.getByRole('status').filter({ hasText: / of \d+ steps/ });
  await expect(progress).toContainText(/[1-9]\d* of \d+ steps/, { timeout: 60_000 });
  await page.reload();
  const second = await context.newPage();
  await second.goto(url);
  await expect(second.getByRole('status').filter({ hasText: / of \d+ steps/ })).toBeVisible();
  // One tab drives; the other shows the same run.
  const drivers = async () => (await Promise.all([page, second].map((p) => p.getByText('This tab is running it.').count()))).reduce((a, b) => a + b);
  await expect.poll(drivers, { timeout: 10_000 }).toBe(1);

  await waitFinished(page, 240_000);
  await waitFinished(second, 30_000);
  await sandbox.clearFaults();
  const run = await report(page);
  expect(run.accounts).toHaveLength(200);
  const states = run.accounts.flatMap((a) => a.steps.map((s) => s.state));
  expect(states.filter((s) => s !== 'Done'), JSON.stringify(run.accounts.filter((a) => a.steps.some((s) => s.state !== 'Done')).slice(0, 3))).toEqual([]);
  await expectEachStepOnce(sandbox, run);
  await second.close();
});
