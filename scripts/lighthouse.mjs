// Audits pages with Lighthouse in one headless Debian chromium and prints one JSON line per page:
// its category scores, its metrics, and the scored audits it did not pass in full.
// Run by scripts/lighthouse.py, which gives it the browser and its flags (scripts/chromium.py's:
// the network here is closed, and without them chromium keeps calling Google's hosts).
//
//   CHROME_PATH=… POLKU_CHROMIUM_ARGS=… node scripts/lighthouse.mjs CATEGORIES URL...
//   (CATEGORIES: comma-separated, e.g. accessibility,seo)

import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const [categories, ...urls] = process.argv.slice(2);
const {CHROME_PATH, POLKU_CHROMIUM_ARGS} = process.env;
if (!categories || urls.length === 0 || !CHROME_PATH || POLKU_CHROMIUM_ARGS === undefined) {
  console.error('usage: CHROME_PATH=… POLKU_CHROMIUM_ARGS=… node scripts/lighthouse.mjs CATEGORIES URL...');
  process.exit(2);
}

const chrome = await chromeLauncher.launch({
  chromePath: CHROME_PATH,
  chromeFlags: ['--headless=new', ...POLKU_CHROMIUM_ARGS.split(' ').filter(Boolean)],
});

// Without performance nothing is timed, so the page need not be left to settle for a second
// after each stage of its load before the audits (the defaults), which is most of their time.
const SETTLED = categories.split(',').includes('performance') ? undefined : {
  extends: 'lighthouse:default',
  settings: {pauseAfterFcpMs: 0, pauseAfterLoadMs: 250, networkQuietThresholdMs: 250, cpuQuietThresholdMs: 250},
};

const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time',
  'cumulative-layout-shift', 'speed-index'];

// Lighthouse sometimes loses a page's trace (NO_NAVSTART) and says to run it again: so do we,
// whether it reports the error in its result or throws it.
const ATTEMPTS = 3;
async function audit(url) {
  for (let attempt = 1; ; attempt++) {
    try {
      const {lhr} = await lighthouse(url, {port: chrome.port, logLevel: 'error',
        onlyCategories: categories.split(',')}, SETTLED);
      if (!lhr.runtimeError || attempt === ATTEMPTS) return lhr;
    } catch (error) {
      if (attempt === ATTEMPTS) throw error;
    }
  }
}

try {
  for (const url of urls) {
    const lhr = await audit(url);
    const failing = new Set();
    for (const category of Object.values(lhr.categories)) {
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          failing.add(`${ref.id} (${audit.score}${audit.displayValue ? `, ${audit.displayValue}` : ''})`);
        }
      }
    }
    const scores = Object.fromEntries(Object.entries(lhr.categories).map(([id, c]) => [id, Math.round(c.score * 100)]));
    const metrics = Object.fromEntries(METRICS.filter((id) => lhr.audits[id])
      .map((id) => [id, lhr.audits[id].numericValue]));
    const problem = lhr.runtimeError ? lhr.runtimeError.message : null;
    console.log(JSON.stringify({url, scores, metrics, failing: [...failing], problem}));
  }
} finally {
  await chrome.kill();
}
