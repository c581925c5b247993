// `/c/{connection}/users/{id}`: one person, their sign-in status and the offboarding actions.
import { expect, type Locator, type Page } from '@playwright/test';

export const ACTIVE = 'Can sign in · Active';
export const DEACTIVATED = 'Cannot sign in · Deactivated';

export class UserDetailPage {
  /** The indicator (aria-label "Sign-in status") showing ACTIVE or DEACTIVATED. */
  readonly signInStatus: Locator;
  readonly rawJson: Locator;
  readonly copyUserId: Locator;
  readonly deactivateButton: Locator;
  readonly reactivateButton: Locator;
  readonly signOutEverywhereButton: Locator;
  readonly deleteButton: Locator;

  constructor(readonly page: Page) {
    this.signInStatus = page.getByLabel('Sign-in status', { exact: true });
    this.rawJson = page.getByText('Raw JSON', { exact: true });
    this.copyUserId = page.getByRole('button', { name: 'Copy user id' });
    // Page-level buttons: use these only while no dialog is open (dialogs repeat the verbs).
    this.deactivateButton = page.getByRole('button', { name: 'Deactivate', exact: true });
    this.reactivateButton = page.getByRole('button', { name: 'Reactivate', exact: true });
    this.signOutEverywhereButton = page.getByRole('button', { name: 'Sign out everywhere', exact: true });
    this.deleteButton = page.getByRole('button', { name: 'Delete permanently', exact: true });
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  async goto(connectionId: string, userId: string, name: string): Promise<void> {
    await this.page.goto(`/c/${connectionId}/users/${userId}`);
    await expect(this.heading(name)).toBeVisible();
  }

  /** Exactly one of ACTIVE / DEACTIVATED is visible in the indicator. */
  async expectSignIn(state: 'active' | 'deactivated'): Promise<void> {
    const [shown, absent] = state === 'active' ? [ACTIVE, DEACTIVATED] : [DEACTIVATED, ACTIVE];
    await expect(this.signInStatus).toContainText(shown, { useInnerText: true });
    await expect(this.signInStatus).not.toContainText(absent, { useInnerText: true });
  }

  /** A notice (role status) carrying the given text. */
  notice(text: string): Locator {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  deactivateDialog(name: string): Locator {
    return this.page.getByRole('dialog', { name: `Deactivate ${name}?` });
  }

  deleteDialog(name: string): Locator {
    return this.page.getByRole('dialog', { name: `Delete ${name} permanently?` });
  }

  /** The delete dialog's confirmation box, labelled "Type <email> to confirm". */
  deleteConfirmBox(name: string, email: string): Locator {
    return this.deleteDialog(name).getByLabel(`Type ${email} to confirm`);
  }

  deleteConfirmButton(name: string): Locator {
    return this.deleteDialog(name).getByRole('button', { name: 'Delete permanently', exact: true });
  }

  async deactivate(name: string): Promise<void> {
    await this.deactivateButton.click();
    const dialog = this.deactivateDialog(name);
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await expect(dialog).toBeHidden();
  }
}
