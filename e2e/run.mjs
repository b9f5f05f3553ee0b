// End-to-end tests: serve the release build (`dist/`) on 127.0.0.1, drive it in headless
// Chromium through playwright-core, and print `e2e: N passed, M failed`.
//
// Usage: node e2e/run.mjs [DIST_DIR | URL]   (default: ../dist next to this folder; a URL such
//        as http://127.0.0.1:8080/ tests an already running `scripts/serve` instead)
// Env:   CHROMIUM (default /usr/bin/chromium); E2E_FILTER=text runs only tests named with it. Screenshots go to e2e/screenshots/ (git-ignored).

import { createServer } from 'node:http';
import { readFile, readdir, mkdir, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { learnerTests } from './learner.mjs';

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
  await page.getByTestId('run').first().waitFor({ state: 'visible', timeout: 15_000 });
  return { page, problems };
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function assertNoProblems(problems) {
  assert(problems.length === 0, `the page reported problems:\n  ${problems.join('\n  ')}`);
}


const root = join(here, '..');
const samplesDir = join(root, 'static', 'samples');

/** CPython's timestamped stdout, exit status and final task states for a sample file. */
function expectationFor(file) {
  const out = execFileSync('python3', [join(here, 'expect.py'), file], { encoding: 'utf8' });
  return JSON.parse(out);
}

/** The sample picker's options: [{ index, title }], in gallery order. */
async function sampleOptions(page) {
  return page.$$eval('[data-testid=sample-picker] option', (options) =>
    options.map((o) => ({ index: o.value, title: o.textContent })),
  );
}

async function waitStatus(page, statuses, timeout = 15_000) {
  await page.waitForFunction(
    (wanted) => wanted.includes(document.querySelector('[data-testid=status]')?.textContent),
    statuses,
    { timeout },
  );
  return page.getByTestId('status').textContent();
}

/** The console's printed lines as `f"{t:.3f} {text}"` (CPython's --timestamps format). */
async function consoleLines(page) {
  return page.$$eval('[data-testid=console] .coroscope-line.stdout', (lines) =>
    lines.map((l) => `${l.querySelector('.coroscope-ts').textContent} ${l.querySelector('.coroscope-text').textContent}`),
  );
}

async function taskStates(page) {
  return page.$$eval('[data-testid=task-row]', (rows) =>
    rows.map((r) => ({ name: r.dataset.taskName, state: r.dataset.state })),
  );
}

const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

async function runAt(page, speed) {
  await page.getByTestId('speed').selectOption(speed);
  await page.getByTestId('run').click();
}

const HELLO_ERROR = `import asyncio


async def inner():
    await asyncio.sleep(0.1)
    raise ValueError("bad <b>value</b>")


async def main():
    await inner()


asyncio.run(main())
`;

const tests = [
  [
    'the page loads its wasm with the first sample ready to run and every hook present',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 1280, height: 800 });
      const wasm = await page.evaluate(async () => {
        const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
        const res = await fetch(entry.name);
        return { type: res.headers.get('content-type'), bytes: (await res.arrayBuffer()).byteLength };
      });
      assert(wasm.type === 'application/wasm', `wasm served as ${wasm.type}`);
      for (const id of ['editor', 'run', 'stop', 'pause', 'step', 'speed', 'timeline', 'console', 'sample-picker']) {
        assert((await page.getByTestId(id).count()) === 1, `no ${id}`);
      }
      const first = await readFile(join(samplesDir, 'guide_hello.py'), 'utf8');
      assert((await page.getByTestId('editor').inputValue()) === first, 'the editor does not hold the first sample');
      assert((await page.getByTestId('status').textContent()) === 'not run yet', 'status is not "not run yet"');
      assert(await page.getByTestId('run').isEnabled(), 'Run is disabled');
      assertNoProblems(problems);
      await page.close();
      return `wasm ${wasm.bytes} bytes`;
    },
  ],
  [
    'every sample at Instant prints what CPython prints, at the same instants, and ends its tasks in the same states',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 1280, height: 800 });
      const options = await sampleOptions(page);
      const files = (await readdir(samplesDir)).filter((f) => f.endsWith('.py'));
      assert(options.length === files.length, `${options.length} samples in the picker, ${files.length} files`);
      await page.getByTestId('speed').selectOption('Instant');
      const failures = [];
      for (const option of options) {
        await page.getByTestId('sample-picker').selectOption(option.index);
        const source = await page.getByTestId('editor').inputValue();
        const file = files.find((f) => readFileSync(join(samplesDir, f), 'utf8') === source);
        assert(file, `no file under static/samples holds the sample "${option.title}"`);
        const expected = expectationFor(join(samplesDir, file));
        await page.getByTestId('run').click();
        await waitStatus(page, ['finished', 'failed']);
        const lines = await consoleLines(page);
        const want = expected.stdout.split('\n').filter((l) => l !== '');
        if (JSON.stringify(lines) !== JSON.stringify(want)) {
          failures.push(`${file}: console\n  got  ${JSON.stringify(lines)}\n  want ${JSON.stringify(want)}`);
        }
        const states = (await taskStates(page)).sort(byName);
        const wantStates = expected.tasks.sort(byName);
        if (JSON.stringify(states) !== JSON.stringify(wantStates)) {
          failures.push(`${file}: tasks\n  got  ${JSON.stringify(states)}\n  want ${JSON.stringify(wantStates)}`);
        }
      }
      assert(failures.length === 0, failures.join('\n'));
      assertNoProblems(problems);
      await page.close();
      return `${options.length} samples`;
    },
  ],
  [
    'at 1x a task is seen awaiting before it is ready, and the run takes real time',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 1280, height: 800 });
      const started = Date.now();
      await runAt(page, '1×');
      const seen = [];
      while (Date.now() - started < 5_000) {
        const rows = await taskStates(page);
        const main = rows.find((r) => r.name === 'Task-1');
        if (main && seen[seen.length - 1] !== main.state) seen.push(main.state);
        if (main?.state === 'ready') break;
        await page.waitForTimeout(30);
      }
      const took = Date.now() - started;
      assert(seen.includes('awaiting'), `states seen: ${seen.join(' → ')}`);
      assert(seen.indexOf('awaiting') < seen.indexOf('ready'), `states seen: ${seen.join(' → ')}`);
      assert(took >= 1_000, `sleep(1) at 1× was over after ${took} ms`);
      await waitStatus(page, ['finished']);
      assertNoProblems(problems);
      await page.close();
      return `${seen.join(' → ')} in ${took} ms`;
    },
  ],
  [
    'pause freezes the run, steps move one event back and forth, resume at a new speed finishes it',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 1280, height: 800 });
      await page.getByTestId('sample-picker').selectOption({ label: 'Producer/consumer Queue' });
      await runAt(page, '0.5×');
      await page.waitForTimeout(400);
      await page.getByTestId('pause').click();
      await waitStatus(page, ['paused']);
      const position = async () => {
        const scrubber = page.getByTestId('scrubber');
        await scrubber.waitFor({ timeout: 5_000 });
        return { pos: Number(await scrubber.inputValue()), len: Number(await scrubber.getAttribute('max')) };
      };
      const before = await position();
      await page.waitForTimeout(300);
      const still = await position();
      assert(still.len === before.len, `events kept coming while paused: ${before.len} → ${still.len}`);
      await page.getByTestId('step-back').click();
      await page.getByTestId('step-back').click();
      const back = await position();
      assert(back.pos === before.pos - 2, `two steps back: ${before.pos} → ${back.pos}`);
      await page.getByTestId('step').click();
      const fwd = await position();
      assert(fwd.pos === back.pos + 1, `one step forward: ${back.pos} → ${fwd.pos}`);
      await page.getByTestId('step').click();
      await page.getByTestId('step').click();
      const grown = await position();
      assert(grown.len > before.len, `stepping at the end ran the script: ${before.len} → ${grown.len}`);
      assert(grown.pos === before.len + 1, `showing the first new event: ${JSON.stringify(grown)}`);
      await page.getByTestId('speed').selectOption('8×');
      await page.getByTestId('pause').click();
      await waitStatus(page, ['finished'], 10_000);
      const lines = await consoleLines(page);
      const want = expectationFor(join(samplesDir, 'queue.py')).stdout.split('\n').filter((l) => l);
      assert(JSON.stringify(lines) === JSON.stringify(want), `console after resume:\n${lines.join('\n')}`);
      // Opening another sample during a run stops it (its lines would not match the editor).
      await runAt(page, '0.25×');
      await waitStatus(page, ['running…']);
      await page.getByTestId('sample-picker').selectOption({ label: 'Event' });
      // Nothing of the last run stays on screen: it belonged to the other script.
      await waitStatus(page, ['not run yet'], 2_000);
      assert((await page.locator('[data-testid=task-row]').count()) === 0, 'the old run\'s tasks stayed');
      assertNoProblems(problems);
      await page.close();
      return `paused at event ${before.pos}`;
    },
  ],
  [
    'a syntax error is underlined at its line and column, replaces the timeline and disables Run',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 1280, height: 800 });
      await page.getByTestId('editor').fill('import asyncio\n\nx = (1,\nprint(x)\n');
      await page.getByTestId('syntax-error').waitFor({ timeout: 5_000 });
      const message = await page.getByTestId('syntax-error').textContent();
      assert(/line 3, column 5/.test(message), `message: ${message}`);
      assert(message.includes("'(' was never closed"), `message: ${message}`);
      const marked = await page.$$eval('.coroscope-highlight .err, .coroscope-highlight .errpoint', (els) =>
        els.map((e) => e.textContent).join(''),
      );
      assert(marked === '(', `underlined text: ${JSON.stringify(marked)}`);
      assert(await page.getByTestId('timeline-message').isVisible(), 'no message in place of the timeline');
      assert(!(await page.getByTestId('run').isEnabled()), 'Run is enabled with a syntax error');
      assert((await page.locator('.coroscope-lineno.error').textContent()) === '3', 'gutter mark');
      await page.screenshot({ path: join(shots, 'syntax-error.png') });
      await page.getByTestId('editor').fill('');
      await page.getByText('The script is empty').waitFor({ timeout: 5_000 });
      assertNoProblems(problems);
      await page.close();
    },
  ],
  [
    'edits survive a reload and a sample switch; Reset sample restores the original',
    async (browser, url) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(url);
      await page.getByTestId('run').waitFor();
      const editor = page.getByTestId('editor');
      const original = await editor.inputValue();
      await editor.focus();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('# my note');
      await page.waitForTimeout(600);
      await page.reload();
      await page.getByTestId('run').waitFor();
      assert((await editor.inputValue()).endsWith('# my note'), 'the edit was lost on reload');
      await page.getByTestId('sample-picker').selectOption({ label: 'Event' });
      assert((await editor.inputValue()).includes('event.set()'), 'the Event sample did not open');
      await page.getByTestId('sample-picker').selectOption({ index: 0 });
      assert((await editor.inputValue()).endsWith('# my note'), 'the edit was lost on a sample switch');
      await page.getByTestId('reset-sample').click();
      assert((await editor.inputValue()) === original, 'Reset sample did not restore the original');
      await page.reload();
      await page.getByTestId('run').waitFor();
      assert((await editor.inputValue()) === original, 'the reset did not persist');
      await context.close();
    },
  ],
  [
    'the editor indents with Tab, auto-indents after a colon and runs with Ctrl+Enter',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 1280, height: 800 });
      const editor = page.getByTestId('editor');
      await editor.fill('');
      await editor.focus();
      await page.keyboard.type('import asyncio\nasync def main():\nprint("hi")');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.type('asyncio.run(main())');
      const text = await editor.inputValue();
      assert(text === 'import asyncio\nasync def main():\n    print("hi")\nasyncio.run(main())', JSON.stringify(text));
      await page.waitForTimeout(400);
      await page.getByTestId('speed').selectOption('Instant');
      await editor.focus();
      await page.keyboard.press('Control+Enter');
      await waitStatus(page, ['finished']);
      assert(JSON.stringify(await consoleLines(page)) === JSON.stringify(['0.000 hi']), 'console');
      assertNoProblems(problems);
      await page.close();
    },
  ],
  [
    'an uncaught exception shows a CPython traceback as text whose frames jump to their lines',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 1280, height: 800 });
      await page.getByTestId('editor').fill(HELLO_ERROR);
      await page.waitForTimeout(400);
      await runAt(page, 'Instant');
      await waitStatus(page, ['failed']);
      const text = await page.getByTestId('console').innerText();
      assert(text.includes('Traceback (most recent call last):'), text);
      assert(text.includes('ValueError: bad <b>value</b>'), `not shown as text: ${text}`);
      assert((await page.locator('[data-testid=console] b').count()) === 0, 'script output became HTML');
      const frame = page.locator('.coroscope-frame', { hasText: 'line 6' });
      await frame.click();
      const caret = await page.getByTestId('editor').evaluate((e) => e.value.slice(0, e.selectionStart).split('\n').length);
      assert(caret === 6, `caret on line ${caret}`);
      const rows = await taskStates(page);
      assert(rows.some((r) => r.state === 'failed'), JSON.stringify(rows));
      assertNoProblems(problems);
      await page.close();
    },
  ],
  [
    'the never-awaited sample shows a hint that links to its line and explains the fix',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 1280, height: 800 });
      await page.getByTestId('sample-picker').selectOption({ label: 'Mistake: coroutine never awaited' });
      await runAt(page, 'Instant');
      await waitStatus(page, ['finished']);
      const hint = page.getByTestId('hint').first();
      await hint.waitFor({ timeout: 5_000 });
      const text = await hint.textContent();
      assert(text.includes('never awaited') && text.includes('await it'), text);
      await hint.locator('button').click();
      const caret = await page.getByTestId('editor').evaluate((e) => e.value.slice(0, e.selectionStart).split('\n').length);
      assert(caret > 1, `caret on line ${caret}`);
      assertNoProblems(problems);
      await page.close();
      return `hint at line ${caret}`;
    },
  ],
  [
    'Stop ends an endless loop while the page stays responsive',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 1280, height: 800 });
      await page.getByTestId('editor').fill('while True:\n    pass\n');
      await page.waitForTimeout(400);
      await runAt(page, '1×');
      await waitStatus(page, ['running…']);
      const t0 = Date.now();
      const frames = await page.evaluate(
        () => new Promise((ok) => {
          let n = 0;
          const start = performance.now();
          const tick = () => (performance.now() - start < 500 ? (n++, requestAnimationFrame(tick)) : ok(n));
          requestAnimationFrame(tick);
        }),
      );
      assert(frames >= 10, `only ${frames} frames painted in 500 ms during the loop`);
      await page.getByTestId('stop').click();
      await waitStatus(page, ['stopped'], 2_000);
      assertNoProblems(problems);
      await page.close();
      return `${frames} frames in 500 ms; stopped after ${Date.now() - t0} ms`;
    },
  ],
  [
    'deep recursion raises RecursionError on the shipped wasm stack instead of crashing the page',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 1280, height: 800 });
      const script = [
        'class A:',
        '    def m(self, n):',
        '        return [self.m(n + 1) for _ in range(1)]',
        '',
        '',
        'def f(n):',
        '    try:',
        '        return f(n + 1)',
        '    except RecursionError:',
        '        return n',
        '',
        '',
        'print(f(0) > 900)',
        'A().m(0)',
        '',
      ].join('\n');
      await page.getByTestId('editor').fill(script);
      await page.waitForTimeout(400);
      await runAt(page, 'Instant');
      await waitStatus(page, ['failed']);
      const lines = await consoleLines(page);
      assert(lines.some((l) => l.endsWith(' True')), `the caught recursion printed ${JSON.stringify(lines)}`);
      const text = await page.getByTestId('console').textContent();
      assert(text.includes('RecursionError: maximum recursion depth exceeded'), 'no RecursionError in the console');
      assertNoProblems(problems);
      await page.close();
      return 'RecursionError at depth 1000';
    },
  ],
  [
    'light and dark themes render (screenshots saved) and 360 px wide has no sideways scroll',
    async (browser, url) => {
      for (const colorScheme of ['light', 'dark']) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, colorScheme });
        await page.goto(url);
        await page.getByTestId('sample-picker').selectOption({ label: 'TaskGroup with a failing child' });
        await runAt(page, 'Instant');
        await waitStatus(page, ['finished']);
        await page.screenshot({ path: join(shots, `${colorScheme}.png`) });
        const bg = await page.locator('.coroscope').evaluate((e) => getComputedStyle(e).backgroundColor);
        const dark = colorScheme === 'dark';
        const [r] = bg.match(/\d+/g).map(Number);
        assert(dark ? r < 80 : r > 200, `${colorScheme} background is ${bg}`);
        await page.close();
      }
      const { page, problems } = await openPage(browser, url, { width: 360, height: 740 });
      await runAt(page, 'Instant');
      await waitStatus(page, ['finished']);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(width <= 360, `page is ${width} px wide`);
      await page.screenshot({ path: join(shots, 'mobile.png'), fullPage: true });
      assertNoProblems(problems);
      await page.close();
    },
  ],
  [
    'a script that prints a lot keeps the last lines with a hidden-lines notice, and the page keeps painting at Instant',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 1280, height: 800 });
      const script = 'import asyncio\n\nasync def main():\n    for i in range(3000):\n        print("line", i)\n        if i % 100 == 0:\n            await asyncio.sleep(0.01)\n    total = 0\n    for i in range(3000000):\n        total += i\n    print("total", total)\n\nasyncio.run(main())\n';
      await page.getByTestId('editor').fill(script);
      await page.waitForTimeout(400);
      await runAt(page, 'Instant');
      const frames = await page.evaluate(
        () => new Promise((ok) => {
          let n = 0;
          const start = performance.now();
          const tick = () => {
            n++;
            const status = document.querySelector('[data-testid=status]').textContent;
            if (status === 'running…' && performance.now() - start < 20000) requestAnimationFrame(tick);
            else ok({ n, ms: performance.now() - start });
          };
          requestAnimationFrame(tick);
        }),
      );
      await waitStatus(page, ['finished'], 30_000);
      const hidden = await page.getByTestId('console-hidden').textContent();
      assert(hidden === '2001 earlier lines hidden', hidden);
      const lines = await consoleLines(page);
      assert(lines.length === 1000, `${lines.length} lines shown`);
      assert(lines[lines.length - 1].endsWith('total 4499998500000'), lines[lines.length - 1]);
      const fps = (frames.n * 1000) / Math.max(frames.ms, 1);
      assert(frames.ms < 200 || fps >= 15, `${frames.n} frames in ${frames.ms.toFixed(0)} ms while running`);
      assertNoProblems(problems);
      await page.close();
      return `${frames.n} frames in ${frames.ms.toFixed(0)} ms`;
    },
  ],
  [
    'a thousand tasks run at Instant: the table draws 300 rows and counts the rest',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 1280, height: 800 });
      const script = 'import asyncio\n\nasync def w(i):\n    for k in range(10):\n        await asyncio.sleep(0.01 * (i % 7 + 1))\n    return i\n\nasync def main():\n    await asyncio.gather(*[w(i) for i in range(1000)])\n    print("done")\n\nasyncio.run(main())\n';
      await page.getByTestId('editor').fill(script);
      await page.waitForTimeout(400);
      const t0 = Date.now();
      await runAt(page, 'Instant');
      await waitStatus(page, ['finished'], 60_000);
      const took = Date.now() - t0;
      assert((await page.locator('[data-testid=task-row]').count()) === 300, 'rows drawn');
      const more = await page.getByTestId('task-rows-hidden').textContent();
      assert(more.startsWith('701 more tasks'), more);
      const progress = await page.getByTestId('progress').textContent();
      assert(/t = 0\.700 s · \d+ events/.test(progress), progress);
      assertNoProblems(problems);
      await page.close();
      return `${took} ms (${progress})`;
    },
  ],
  [
    'arrow keys step through a finished run and the task table follows the position',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, url, { width: 1280, height: 800 });
      await runAt(page, 'Instant');
      await waitStatus(page, ['finished']);
      await page.locator('.coroscope-title').click();
      const pos = async () => Number(await page.getByTestId('scrubber').inputValue());
      const end = await pos();
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      assert((await pos()) === end - 2, `after two ←: ${await pos()} (end ${end})`);
      await page.keyboard.press('ArrowRight');
      assert((await pos()) === end - 1, `after →: ${await pos()}`);
      await page.getByTestId('scrubber').fill('3');
      assert((await pos()) === 3, `scrubbed to ${await pos()}`);
      const early = await taskStates(page);
      assert(early.length === 1 && early[0].state !== 'ready', JSON.stringify(early));
      assertNoProblems(problems);
      await page.close();
    },
  ],
  [
    'embed.html mounts two independent instances',
    async (browser, url) => {
      const { page, problems } = await openPage(browser, new URL('embed.html', url).href, { width: 1200, height: 900 });
      const instances = page.locator('.coroscope');
      assert((await instances.count()) === 2, `${await instances.count()} instances`);
      const [a, b] = [instances.nth(0), instances.nth(1)];
      assert((await a.getByTestId('editor').inputValue()).includes('gather('), 'first instance sample');
      assert((await b.getByTestId('editor').inputValue()).includes('Queue('), 'second instance sample');
      await a.getByTestId('speed').selectOption('Instant');
      await a.getByTestId('run').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=status]')[0].textContent === 'finished');
      assert((await b.getByTestId('status').textContent()) === 'not run yet', 'the second instance ran too');
      assert((await b.locator('[data-testid=task-row]').count()) === 0, 'the second instance shows tasks');
      // Both at once: each run keeps its own clock, trace and console.
      await a.getByTestId('speed').selectOption('2×');
      await b.getByTestId('speed').selectOption('4×');
      await a.getByTestId('run').click();
      await b.getByTestId('run').click();
      await page.waitForFunction(
        () => [...document.querySelectorAll('[data-testid=status]')].every((s) => s.textContent === 'finished'),
        null,
        { timeout: 10_000 },
      );
      const lines = (loc) => loc.locator('.coroscope-line.stdout').evaluateAll((ls) =>
        ls.map((l) => `${l.querySelector('.coroscope-ts').textContent} ${l.querySelector('.coroscope-text').textContent}`));
      for (const [loc, file] of [[a, 'gather.py'], [b, 'queue.py']]) {
        const want = expectationFor(join(samplesDir, file)).stdout.split('\n').filter((l) => l);
        const got = await lines(loc);
        assert(JSON.stringify(got) === JSON.stringify(want), `${file} in its instance:\n${got.join('\n')}`);
      }
      const hostButton = await page.evaluate(() => getComputedStyle(document.querySelector('.coroscope button')).backgroundColor);
      assert(hostButton !== 'rgb(255, 105, 180)', 'the host page styles leaked into the app');
      await page.screenshot({ path: join(shots, 'embed.png'), fullPage: true });
      assertNoProblems(problems);
      await page.close();
    },
  ],
];

tests.push(
  ...learnerTests({ openPage, assert, assertNoProblems, waitStatus, runAt, taskStates, consoleLines, shots }),
);

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
    // E2E_FILTER=substring runs only the tests whose name contains it.
    const only = process.env.E2E_FILTER;
    for (const [name, test] of tests.filter(([n]) => !only || n.includes(only))) {
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
