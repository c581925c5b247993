// `/`: the list of configured identity-provider connections.
import { expect, type Locator, type Page } from '@playwright/test';

export class ConnectionsPage {
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Connections' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await expect(this.heading).toBeVisible();
  }

  /** The link to a connection; its accessible name is the connection's label. */
  connection(label: string): Locator {
    return this.page.getByRole('link', { name: label });
  }

  async open(label: string): Promise<void> {
    await this.connection(label).click();
  }
}
