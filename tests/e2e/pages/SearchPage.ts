// `/c/{connection}/users`: "Find a person", a search box and a results table.
import { expect, type Locator, type Page } from '@playwright/test';

export class SearchPage {
  readonly heading: Locator;
  readonly searchBox: Locator;
  readonly searchButton: Locator;
  readonly results: Locator;
  readonly noResults: Locator;
  readonly searching: Locator;
  readonly previousPage: Locator;
  readonly nextPage: Locator;

  constructor(readonly page: Page, readonly connectionId: string) {
    this.heading = page.getByRole('heading', { name: 'Find a person' });
    // getByLabel works whether the input is type=text (textbox) or type=search (searchbox).
    this.searchBox = page.getByLabel('Search users', { exact: true });
    this.searchButton = page.getByRole('button', { name: 'Search', exact: true });
    this.results = page.getByRole('table');
    this.noResults = page.getByText('No users match');
    this.searching = page.getByText('Searching…');
    this.previousPage = page.getByRole('button', { name: 'Previous page' });
    this.nextPage = page.getByRole('button', { name: 'Next page' });
  }

  get path(): string {
    return `/c/${this.connectionId}/users`;
  }

  async goto(query?: string): Promise<void> {
    await this.page.goto(query === undefined ? this.path : `${this.path}?q=${encodeURIComponent(query)}`);
    await expect(this.heading).toBeVisible();
  }

  /** Types the query and presses Enter, as a person would. */
  async search(query: string): Promise<void> {
    await this.searchBox.fill(query);
    await this.searchBox.press('Enter');
  }

  /** A result row's name link; its accessible name is the person's display name. */
  user(name: string): Locator {
    return this.results.getByRole('link', { name, exact: true });
  }

  /** The result row holding that person's name link. */
  row(name: string): Locator {
    // `has` is resolved inside each row, so it must not start from the table again.
    return this.results.getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  async openUser(name: string): Promise<void> {
    await this.user(name).click();
  }

  async expectQueryInUrl(query: string): Promise<void> {
    await expect(this.page).toHaveURL((url) =>
      url.pathname === this.path && url.searchParams.get('q') === query);
  }
}
