// End-to-end tests: serve the release build (`dist/`) on 127.0.0.1, drive it in headless
// Chromium through playwright-core, and print `e2e: N passed, M failed`.
//
// Usage: node e2e/run.mjs [DIST_DIR | URL]   (default: ../dist next to this folder; a URL such
//        as http://127.0.0.1:8080/ tests an already running `scripts/serve` instead)
// Env:   CHROMIUM (default /usr/bin/chromium). Screenshots go to e2e/screenshots/ (git-ignored).

import { createServer } from 'node:http';
import { readFile, mkdir, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const target = process.argv[2] ?? join(here, '..', 'dist');
const remote = /^https?:\/\//.test(target) ? target : null;
const dist = remote ? null : resolve(target);
const shots = join(here, 'screenshots');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.py': 'text/plain; charset=utf-8',
};

/** A static file server for `root` on 127.0.0.1 and a free port. */
async function serve(root) {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

/** Opens a page that records console errors, page errors and failed requests. */
async function openPage(browser, url, viewport) {
  const page = await browser.newPage({ viewport });
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(url);
  await page.getByTestId('run').waitFor({ state: 'visible', timeout: 15_000 });
  return { page, problems };
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function assertNoProblems(problems) {
  assert(problems.length === 0, `the page reported problems:\n  ${problems.join('\n  ')}`);
}

const REPORT = /waited (\d+) ms on a browser timer \(measured (\d+) ms\)/;

const tests = [
  [
    'the page loads its wasm and shows every pane without console errors',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 1280, height: 800 });
      const wasm = await page.evaluate(async () => {
        const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
        const res = await fetch(entry.name);
        return { type: res.headers.get('content-type'), bytes: (await res.arrayBuffer()).byteLength };
      });
      assert(wasm.type === 'application/wasm', `wasm served as ${wasm.type}`);
      for (const id of ['editor', 'run', 'console', 'timeline']) {
        assert(await page.getByTestId(id).isVisible(), `${id} is not visible`);
      }
      const source = await page.getByTestId('editor').inputValue();
      assert(source.includes('asyncio.run(main())'), 'the editor does not hold the sample script');
      assert((await page.getByTestId('status').textContent()) === 'ready', 'status is not "ready"');
      assertNoProblems(problems);
      await page.close();
      return `wasm ${wasm.bytes} bytes`;
    },
  ],
  [
    'Run awaits a real browser timer and reports the measured time in the console',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 1280, height: 800 });
      const clickedAt = Date.now();
      await page.getByTestId('run').click();
      const out = page.getByTestId('console');
      await out.getByText(REPORT).waitFor({ timeout: 10_000 });
      const wallMs = Date.now() - clickedAt;
      const [, asked, measured] = (await out.textContent()).match(REPORT);
      assert(Number(measured) >= Number(asked), `measured ${measured} ms < asked ${asked} ms`);
      assert(wallMs >= Number(asked), `the line came after only ${wallMs} ms`);
      await page.waitForFunction(
        () => document.querySelector('[data-testid=status]').textContent === 'finished',
        null,
        { timeout: 5_000 },
      );
      assert(await page.getByTestId('run').isEnabled(), 'Run is still disabled after the run');
      await page.screenshot({ path: join(shots, 'desktop-after-run.png') });
      assertNoProblems(problems);
      await page.close();
      return `asked ${asked} ms, measured ${measured} ms`;
    },
  ],
  [
    'at 360 px wide the panes stack editor, timeline, console with no sideways scroll',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 360, height: 740 });
      const layout = await page.evaluate(() => {
        const top = (id) => document.querySelector(`[data-testid=${id}]`).getBoundingClientRect().top;
        return {
          scrollWidth: document.documentElement.scrollWidth,
          editor: top('editor'),
          timeline: top('timeline'),
          console: top('console'),
        };
      });
      assert(layout.scrollWidth <= 360, `page is ${layout.scrollWidth} px wide`);
      assert(
        layout.editor < layout.timeline && layout.timeline < layout.console,
        `unexpected order: ${JSON.stringify(layout)}`,
      );
      await page.getByTestId('run').click();
      await page.getByTestId('console').getByText(REPORT).waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(shots, 'mobile-after-run.png'), fullPage: true });
      assertNoProblems(problems);
      await page.close();
      return `scrollWidth ${layout.scrollWidth}`;
    },
  ],
];

async function main() {
  if (dist) {
    await stat(join(dist, 'index.html')).catch(() => {
      console.error(`e2e: no ${join(dist, 'index.html')}; run \`trunk build --release\` first`);
      process.exit(2);
    });
  }
  await mkdir(shots, { recursive: true });
  const { server, url } = dist ? await serve(dist) : { server: null, url: remote };
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  console.log(`e2e: testing ${dist ?? 'the running server'} at ${url} (Chromium ${browser.version()})`);
  let passed = 0;
  let failed = 0;
  try {
    for (const [name, test] of tests) {
      const start = Date.now();
      try {
        const note = await test(browser, url);
        passed += 1;
        console.log(`ok   ${name} (${Date.now() - start} ms${note ? `; ${note}` : ''})`);
      } catch (err) {
        failed += 1;
        console.log(`FAIL ${name}\n     ${String(err?.stack ?? err).replaceAll('\n', '\n     ')}`);
      }
    }
  } finally {
    await browser.close();
    server?.close();
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
});
