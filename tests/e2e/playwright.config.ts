// End-to-end tests: the release panel (dist/) served by the real lockdesk-proxy, which also runs
// the FusionAuth sandbox in process. Debian's Chromium only; Playwright never downloads a browser.
import { defineConfig } from '@playwright/test';
import path from 'node:path';

const repo = path.resolve(__dirname, '../..');
const bin = process.env.LOCKDESK_PROXY_BIN ?? path.join(repo, 'target/release/lockdesk-proxy');
const dist = process.env.LOCKDESK_DIST ?? path.join(repo, 'dist');
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

// Flags that keep Chromium off the network (see shared TOOLCHAIN.md).
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const PANEL_URL = 'http://127.0.0.1:8091';
/** The proxy that requires operator sign-in (tests/e2e/operators.toml). */
export const OPERATORS_URL = 'http://127.0.0.1:8093';
export const OPERATORS_SANDBOX_URL = 'http://127.0.0.1:8094';
export const OPERATORS_AUDIT = path.join(__dirname, 'artifacts', 'operators-audit.jsonl');

export default defineConfig({
  testDir: '.',
  reporter: 'list',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  outputDir: 'artifacts/test-results',
  use: {
    baseURL: PANEL_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: '/usr/bin/chromium', args },
  },
  webServer: [
    {
      command: `test -x ${q(bin)} || { echo "lockdesk-proxy not found at ${bin} (set LOCKDESK_PROXY_BIN)" >&2; exit 1; }; `
        + `test -f ${q(path.join(dist, 'index.html'))} || { echo "no panel build in ${dist} (run scripts/build-panel.sh)" >&2; exit 1; }; `
        + `exec ${q(bin)} --sandbox --listen 127.0.0.1:8091 --sandbox-listen 127.0.0.1:8092 --dist ${q(dist)} --audit-log artifacts/audit.jsonl`,
      url: `${PANEL_URL}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      // The same panel behind operator accounts (operators.toml): sign-in and roles.
      command: `exec ${q(bin)} --config operators.toml --sandbox --listen 127.0.0.1:8093 --sandbox-listen 127.0.0.1:8094 --dist ${q(dist)} --audit-log ${q(OPERATORS_AUDIT)}`,
      url: `${OPERATORS_URL}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
});
