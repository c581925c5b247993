// axe-core on the main screens, light and dark: no serious or critical violations.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, SANDBOX_CONNECTION, TERRY } from './fixtures';

async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  for (const v of violations) {
    console.log(`[axe ${what}] ${v.impact} ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes) console.log(`    ${node.target.join(' ')}: ${node.failureSummary?.replace(/\n/g, ' ')}`);
  }
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.impact} ${v.id}: ${v.help}`), `${what}: serious/critical axe violations`).toEqual([]);
}

test.beforeEach(async ({ sandbox }) => {
  await sandbox.reset();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} mode`, () => {
    test.use({ colorScheme });

    test('search page with results', async ({ page, search }) => {
      await search.goto('terry');
      await expect(search.user(TERRY.name)).toBeVisible();
      await expectNoSeriousViolations(page, `search (${colorScheme})`);
    });

    test("Terry's detail page", async ({ page, detail }) => {
      await detail.goto(SANDBOX_CONNECTION.id, TERRY.id, TERRY.name);
      await detail.expectSignIn('active');
      await expectNoSeriousViolations(page, `detail (${colorScheme})`);
    });

    test('the deactivate dialog', async ({ page, detail }) => {
      await detail.goto(SANDBOX_CONNECTION.id, TERRY.id, TERRY.name);
      await detail.deactivateButton.click();
      await expect(detail.deactivateDialog(TERRY.name)).toBeVisible();
      await expectNoSeriousViolations(page, `deactivate dialog (${colorScheme})`);
    });
  });
}
