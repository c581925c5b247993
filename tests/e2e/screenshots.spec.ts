// Screenshots of Terry's detail page for review: artifacts/detail.png and artifacts/detail-dark.png.
import { test, expect, shot, SANDBOX_CONNECTION, TERRY } from './fixtures';

test.beforeEach(async ({ sandbox }) => {
  await sandbox.reset();
});

for (const [colorScheme, name] of [['light', 'detail'], ['dark', 'detail-dark']] as const) {
  test.describe(`${colorScheme} mode`, () => {
    test.use({ colorScheme });

    test(`detail page screenshot (${name}.png)`, async ({ page, detail }) => {
      await detail.goto(SANDBOX_CONNECTION.id, TERRY.id, TERRY.name);
      await detail.expectSignIn('active');
      await expect(detail.deleteButton).toBeVisible();
      await shot(page, name);
    });
  });
}
