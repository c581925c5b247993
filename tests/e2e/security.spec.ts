// The panel runs under its Content-Security-Policy (set by lockdesk-proxy from the served
// index.html): the whole walk raises no policy violation, and inline script is refused.
import { test, expect, SANDBOX_CONNECTION, TERRY } from './fixtures';

test.beforeEach(async ({ sandbox, page }) => {
  await sandbox.reset();
  await page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
});

test('the panel works under its CSP with no violations', async ({ page, search, detail }) => {
  const res = await page.goto(`/c/${SANDBOX_CONNECTION.id}/users`);
  const csp = res!.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  await search.search('terry');
  await search.openUser(TERRY.name);
  await detail.expectSignIn('active');
  await detail.rawJson.click();
  await detail.deactivate(TERRY.name);
  await detail.expectSignIn('deactivated');
  await page.goto('/audit');
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.locator('table.audit tbody tr').first()).toContainText('Active → Deactivated');
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
});

test('script injected into the page is blocked by the policy', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();
  const ran = await page.evaluate(async () => {
    (window as any).__ran = false;
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true';
    document.body.appendChild(s);
    await new Promise((r) => setTimeout(r, 100));
    return (window as any).__ran;
  });
  expect(ran).toBe(false);
  expect(await page.evaluate(() => (window as any).__violations.length)).toBeGreaterThan(0);
});
