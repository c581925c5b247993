// Measures, in fresh headless Chromium contexts (cold cache each run), the ms from navigation
// start (performance.timeOrigin) until the "Search users" box is visible and enabled.
// Usage: node first-paint.mjs URL [RUNS]. Uses the Playwright installed in tests/e2e.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(fileURLToPath(new URL('../tests/e2e/package.json', import.meta.url)));
const { chromium } = require('playwright');

const [url, runsArg = '10'] = process.argv.slice(2);
const runs = Number(runsArg);
if (!url || !(runs > 0)) {
  console.error('usage: node first-paint.mjs URL [RUNS]');
  process.exit(2);
}
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Runs in the page before any of its scripts: records performance.now() the first time an input
// named "Search users" (aria-label, <label> or aria-labelledby) is rendered and enabled.
function watchForSearchBox() {
  const named = (el) => {
    const by = el.getAttribute('aria-labelledby');
    const name = el.getAttribute('aria-label')
      ?? (by ? by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ')
        : [...(el.labels ?? [])].map((l) => l.textContent).join(' '));
    return name.replace(/\s+/g, ' ').trim() === 'Search users';
  };
  const ready = (el) => !el.disabled && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden';
  const check = () => {
    if (window.__searchBoxReadyMs !== undefined) return;
    for (const el of document.querySelectorAll('input, textarea')) {
      if (named(el) && ready(el)) {
        window.__searchBoxReadyMs = performance.now();
        observer.disconnect();
        return;
      }
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

async function once(browser) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(watchForSearchBox);
    await page.goto(url, { waitUntil: 'commit' });
    // Playwright's own reading of "visible and enabled", as the e2e tests use it.
    const box = page.getByLabel('Search users', { exact: true });
    await box.waitFor({ state: 'visible', timeout: 30_000 });
    while (!(await box.isEnabled())) await page.waitForTimeout(5);
    const ms = await page.evaluate(() => window.__searchBoxReadyMs ?? performance.now());
    const fcp = await page.evaluate(() =>
      performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
    return { ms, fcp };
  } finally {
    await context.close();
  }
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
try {
  await once(browser); // warm-up (server and browser process start-up), not counted
  const times = [];
  for (let i = 1; i <= runs; i++) {
    const { ms, fcp } = await once(browser);
    times.push(ms);
    console.log(`run ${String(i).padStart(2)}: ${ms.toFixed(1)} ms  (first contentful paint ${fcp.toFixed(1)} ms)`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  console.log(`median: ${median.toFixed(1)} ms over ${runs} runs (min ${sorted[0].toFixed(1)}, max ${sorted.at(-1).toFixed(1)})`);
} finally {
  await browser.close();
}
