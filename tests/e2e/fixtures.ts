// Shared test fixtures: page objects and the sandbox, plus where screenshots go.
import { test as base, type Page } from '@playwright/test';
import path from 'node:path';
import { Sandbox } from './sandbox';
import { ConnectionsPage } from './pages/ConnectionsPage';
import { SearchPage } from './pages/SearchPage';
import { UserDetailPage } from './pages/UserDetailPage';

export { expect } from '@playwright/test';

export const SANDBOX_CONNECTION = { id: 'fusionauth-sandbox', label: 'FusionAuth (sandbox)' };
export const TERRY = {
  id: '4e0f2af0-33a2-4001-8631-0f8225e65f1c',
  name: 'Terry Example',
  email: 'terry@example.com',
};

/** Saves a full-page screenshot to tests/e2e/artifacts/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(__dirname, 'artifacts', `${name}.png`), fullPage: true });
}

export const test = base.extend<{
  sandbox: Sandbox;
  connections: ConnectionsPage;
  search: SearchPage;
  detail: UserDetailPage;
}>({
  sandbox: async ({ request }, use) => { await use(new Sandbox(request)); },
  connections: async ({ page }, use) => { await use(new ConnectionsPage(page)); },
  search: async ({ page }, use) => { await use(new SearchPage(page, SANDBOX_CONNECTION.id)); },
  detail: async ({ page }, use) => { await use(new UserDetailPage(page)); },
});
