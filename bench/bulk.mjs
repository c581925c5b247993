// The bulk offboarding benchmark's browser half (see bench/bulk): drives the panel's bulk page in
// headless Chromium against the sandbox and prints what it measured. Usage:
// node bulk.mjs PANEL_URL SANDBOX_URL PEOPLE. Uses the Playwright installed in tests/e2e.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';

const require = createRequire(fileURLToPath(new URL('../tests/e2e/package.json', import.meta.url)));
const { chromium } = require('playwright');

const [panel, sandbox, peopleArg] = process.argv.slice(2);
const people = Number(peopleArg);
const PROVIDERS = ['fusionauth', 'okta', 'genesys', 'acronis', 'docspace', 'scim'];
const LIMIT = 600;
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function api(method, path, body) {
  const res = await fetch(`${sandbox}${path}`, {
    method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${await res.text()}`);
  return res.json();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
try {
  await api('POST', '/_sandbox/reset');
  const rows = [];
  const each = Math.ceil(people / PROVIDERS.length);
  for (const p of PROVIDERS) {
    for (const person of await api('GET', `/_sandbox/people/${p}?state=active&limit=${each}`)) rows.push(`${person.email},${p}-sandbox`);
  }
  const csv = 'email,connection\n' + rows.slice(0, people).join('\n') + '\n';
  await api('PUT', '/_sandbox/faults', { rate_limit_per_minute: LIMIT, random_fault_percent: 2, random_fault_seed: 42 });

  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${panel}/offboard/bulk`);
  await page.getByLabel(/Or upload a CSV file/).setInputFiles({ name: 'leavers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Look them up' }).click();
  const lookupStart = Date.now();
  await page.getByRole('button', { name: 'Start the run' }).waitFor({ timeout: 300_000 });
  const lookupMs = Date.now() - lookupStart;
  const before = await api('GET', '/_sandbox/requests');
  await page.getByRole('button', { name: 'Start the run' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Start the run' }).click();
  const runStart = Date.now();
  await page.getByRole('status').filter({ hasText: /^Finished/ }).waitFor({ timeout: 540_000 });
  const runMs = Date.now() - runStart;
  const after = await api('GET', '/_sandbox/requests');
  const meta = await page.locator('.run-status .meta').innerText();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download report (JSON)' }).click()]);
  const report = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  const counts = await api('GET', '/_sandbox/changes');

  let planned = 0, lost = 0, duplicated = 0, failed = 0;
  for (const a of report.accounts) {
    const provider = a.connection.replace(/-sandbox$/, '');
    const want = a.steps.length;
    const got = counts[provider]?.[a.user_id] ?? 0;
    planned += want;
    lost += Math.max(0, want - got);
    duplicated += Math.max(0, got - want);
    failed += a.steps.filter((s) => s.state === 'Failed').length;
  }
  console.log(`people ${report.accounts.length}, steps ${planned}, failed steps ${failed}`);
  console.log(`lookup ${(lookupMs / 1000).toFixed(1)} s, run ${(runMs / 1000).toFixed(1)} s`);
  let calls = 0, allowed = 0;
  for (const p of PROVIDERS) {
    const n = (after[p]?.count ?? 0) - (before[p]?.count ?? 0);
    const minutes = runMs / 60_000;
    calls += n;
    allowed += LIMIT * minutes;
    console.log(`  ${p.padEnd(10)} ${String(n).padStart(6)} calls in the run, ${(n / minutes).toFixed(0)} a minute of ${LIMIT} allowed (${(100 * n / (LIMIT * minutes)).toFixed(1)}%)`);
  }
  // Each provider's share is measured over the whole run; providers with less work finish early.
  const busiest = Math.max(...PROVIDERS.map((p) => (after[p]?.count ?? 0) - (before[p]?.count ?? 0)));
  console.log(`achieved rate ${(100 * calls / allowed).toFixed(1)}% of allowed over the run; busiest provider ${(100 * busiest / (LIMIT * runMs / 60_000)).toFixed(1)}%`);
  console.log(`run page: ${meta.trim()}`);
  console.log(`lost ${lost}`);
  console.log(`duplicated ${duplicated}`);

  await api('PUT', '/_sandbox/faults', {});
  const timed = async (url, mark) => {
    await page.goto(url);
    return page.evaluate(async (m) => {
      const t0 = performance.now();
      while (!performance.getEntriesByName(m).length && performance.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 5));
      const s = performance.getEntriesByName('lockdesk-search-start').at(-1)?.startTime;
      const e = performance.getEntriesByName(m).at(-1)?.startTime;
      return e - s;
    }, mark);
  };
  const everywhere = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${panel}/`);
    await page.getByLabel('Search every system').fill('terry@example.com');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    everywhere.push(await page.evaluate(async () => {
      const t0 = performance.now();
      while (!performance.getEntriesByName('lockdesk-search-end').length && performance.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 5));
      return performance.getEntriesByName('lockdesk-search-end')[0].startTime - performance.getEntriesByName('lockdesk-search-start')[0].startTime;
    }));
  }
  let slowest = { p: '', ms: 0 };
  for (const p of PROVIDERS) {
    const times = [];
    for (let i = 0; i < 5; i++) times.push(await timed(`${panel}/c/${p}-sandbox/users?q=terry%40example.com`, 'lockdesk-search-end'));
    const m = median(times);
    if (m > slowest.ms) slowest = { p, ms: m };
  }
  console.log(`search everywhere ${median(everywhere).toFixed(1)} ms (median of 5); slowest provider alone ${slowest.ms.toFixed(1)} ms (${slowest.p})`);
  console.log(`search difference ${(median(everywhere) - slowest.ms).toFixed(1)} ms`);
} finally {
  await browser.close();
}
