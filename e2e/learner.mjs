// End-to-end tests of what a learner trips on (issue 14): state words, the first second of a
// run, the console, colours, timeline gestures, phone, keyboard and screen readers, stale
// text, stepping from the start, the embedding demo. Run by run.mjs, which passes its helpers.

import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

/** A script that prints `n` lines from one task, sleeping `gap` seconds after each. */
const printer = (n, gap) => `import asyncio


async def chatty():
    for i in range(${n}):
        print("line", i)
        await asyncio.sleep(${gap})


async def main():
    await asyncio.create_task(chatty(), name="chatty")


asyncio.run(main())
`;

/** Thirty tasks, so identity colours run out and shapes take over. */
const THIRTY = `import asyncio


async def worker(i):
    await asyncio.sleep(0.01 * (i % 5 + 1))
    return i


async def main():
    await asyncio.gather(*[worker(i) for i in range(30)])


asyncio.run(main())
`;

/** How far (px) the console is from showing its last line. */
async function consoleGap(page) {
  return page.getByTestId('console').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
}

/** Runs axe-core on the page; returns the serious and critical violations, as text. */
async function axeSerious(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1).join(' ')}`),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function learnerTests(h) {
  const { openPage, assert, assertNoProblems, waitStatus, runAt, taskStates, consoleLines, shots } = h;
  return [
    [
      'state words: the legend and the table say what each state means; a pending task names its place in the ready queue, as the loop panel does',
      async (browser, url) => {
        const { page, problems } = await openPage(browser, url, { width: 1400, height: 900 });
        const legend = await page.getByTestId('legend-state').allTextContents();
        assert(legend.length === 6, `${legend.length} states in the legend`);
        assert(legend.some((t) => t.includes('ready') && t.includes('finished, result available')), legend.join(' | '));
        assert(
          legend.some((t) => t.includes('pending') && t.includes('scheduled, waiting in the ready queue for its turn')),
          legend.join(' | '),
        );
        await page.getByTestId('sample-picker').selectOption({ label: 'gather: concurrent sleeps' });
        // Step from the start until a child waits in the ready queue.
        let found = null;
        for (let i = 0; i < 60 && !found; i++) {
          await page.getByTestId('step').click();
          const rows = await page.$$eval('[data-testid=task-row]', (rs) =>
            rs.map((r) => ({
              name: r.dataset.taskName,
              state: r.dataset.state,
              awaiting: r.querySelector('td[data-label=Awaiting]').textContent,
              meaning: r.querySelector('[data-testid=state-meaning]').textContent,
            })),
          );
          found = rows.find((r) => r.state === 'pending' && r.awaiting.startsWith('#1 in the ready queue'));
        }
        assert(found, 'no pending task named its place in the ready queue');
        assert(found.meaning === 'scheduled, waiting in the ready queue for its turn', found.meaning);
        const head = await page.locator('[data-testid=ready-queue] [data-testid=queue-item]').first().textContent();
        assert(head.includes('#1') && head.includes(found.name) && head.includes('pending'), `queue head: ${head}`);
        await page.screenshot({ path: join(shots, 'state-words.png') });
        // Finished tasks read "ready" with their meaning; the idle status is not "ready".
        await page.getByTestId('pause').click();
        await waitStatus(page, ['finished'], 10_000);
        const meanings = await page.getByTestId('state-meaning').allTextContents();
        assert(meanings.every((m) => m === 'finished, result available'), meanings.join(' | '));
        assertNoProblems(problems);
        await page.close();
        return `${found.name}: ${found.awaiting}`;
      },
    ],
    [
      'a live run is on the time axis from its first frame: the now cursor moves during the first sleep and every pane reads one clock',
      async (browser, url) => {
        const { page, problems } = await openPage(browser, url, { width: 1400, height: 900 });
        await runAt(page, '1×');
        const samples = [];
        const started = Date.now();
        while (Date.now() - started < 900) {
          samples.push(
            await page.evaluate(() => ({
              axis: document.querySelector('[data-testid=timeline-axis]')?.textContent,
              now: Number(document.querySelector('[data-testid=timeline] canvas')?.dataset.now),
              progress: document.querySelector('[data-testid=progress]')?.textContent ?? '',
              panel: document.querySelector('.cs-loop-at')?.textContent ?? '',
              timer: document.querySelector('[data-testid=timer-item] .cs-timer-in')?.textContent ?? '',
              state: document.querySelector('[data-testid=task-row]')?.dataset.state,
            })),
          );
          await page.waitForTimeout(60);
        }
        await waitStatus(page, ['finished'], 5_000);
        const axes = new Set(samples.map((s) => s.axis));
        assert(axes.size === 1 && axes.has('Axis: time'), `axes seen: ${[...axes].join(', ')}`);
        const during = samples.filter((s) => s.state === 'awaiting' && s.now > 0);
        assert(during.length >= 5, `only ${during.length} frames during the sleep`);
        assert(during[during.length - 1].now - during[0].now > 0.3, `the cursor stayed: ${during.map((s) => s.now).join(' ')}`);
        // One clock: status t, the loop panel's time and the timer's "in" agree.
        const secs = (text) => Number((text.match(/(\d+\.\d+) s/) ?? [])[1]);
        const last = during[during.length - 1];
        const t = Number((last.progress.match(/t = (\d+\.\d+) s/) ?? [])[1]);
        const panel = secs(last.panel);
        const left = secs(last.timer);
        assert(Math.abs(t - panel) < 0.02, `status ${t} vs loop panel ${panel}`);
        assert(Math.abs(t + left - 1) < 0.02, `status ${t} + timer in ${left} ≠ 1 s`);
        assertNoProblems(problems);
        await page.close();
        return `${during.length} frames, cursor ${during[0].now}→${last.now} s; t=${t}, panel ${panel}, in ${left}`;
      },
    ],
    [
      'the console follows the newest line during and after a run, stays where the user scrolled, and can show task names',
      async (browser, url) => {
        const { page, problems } = await openPage(browser, url, { width: 1400, height: 900 });
        await page.getByTestId('editor').fill(printer(500, 0.004));
        await page.waitForTimeout(400);
        await runAt(page, '1×');
        await page.waitForFunction(() => document.querySelectorAll('[data-testid=console] .stdout').length > 100);
        const during = await consoleGap(page);
        assert(during <= 8, `during the run the console is ${during} px from its newest line`);
        await waitStatus(page, ['finished'], 10_000);
        await page.waitForTimeout(100);
        const after = await consoleGap(page);
        assert(after <= 8, `after the run the console is ${after} px from its newest line`);
        const lines = await consoleLines(page);
        assert(lines.length === 500 && lines[499].endsWith('line 499'), `${lines.length} lines`);
        // Scrolled up during a run, it stays there.
        await runAt(page, '1×');
        await page.waitForFunction(() => document.querySelectorAll('[data-testid=console] .stdout').length > 50);
        await page.getByTestId('console').evaluate((el) => {
          el.scrollTop = 0;
          el.dispatchEvent(new Event('scroll'));
        });
        await page.waitForTimeout(300);
        const top = await page.getByTestId('console').evaluate((el) => el.scrollTop);
        assert(top === 0, `scrolled up, the console moved to ${top}`);
        await page.getByTestId('console-newest').click();
        await page.waitForTimeout(100);
        assert((await consoleGap(page)) <= 8, 'Newest did not go back to the newest line');
        await page.getByTestId('stop').click();
        // Each line can show its task's name.
        await page.getByTestId('console-names').check();
        const who = await page.getByTestId('console-who').first().textContent();
        assert(who === 'chatty', `name shown: ${who}`);
        assertNoProblems(problems);
        await page.close();
        return `${during} px behind during, ${after} px after`;
      },
    ],
    [
      'Run moves focus to Pause and back to Run when the run ends; the editor shows its way out on focus; one throttled live region',
      async (browser, url) => {
        const { page, problems } = await openPage(browser, url, { width: 1400, height: 900 });
        const focused = () => page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.tagName);
        await page.getByTestId('editor').focus();
        const keys = page.getByTestId('editor-keys');
        assert(await keys.evaluate((e) => getComputedStyle(e).visibility === 'visible'), 'no escape hint on focus');
        assert((await keys.textContent()).includes('Esc'), await keys.textContent());
        const described = await page.getByTestId('editor').getAttribute('aria-describedby');
        assert(described && (await page.locator(`#${described}`).count()) === 1, 'the hint is not the editor\'s description');
        await page.keyboard.press('Escape');
        await page.keyboard.press('Tab');
        assert((await focused()) !== 'editor', 'Escape then Tab did not leave the editor');
        assert(!(await keys.evaluate((e) => getComputedStyle(e).visibility === 'visible')), 'the hint stayed after leaving');
        // Live regions: only the announcer.
        const live = await page.$$eval('.coroscope [aria-live], .coroscope [role=log], .coroscope [role=status]', (els) =>
          els.map((e) => e.dataset.testid ?? e.className),
        );
        assert(live.length === 1 && live[0] === 'announcer', `live regions: ${live.join(', ')}`);
        await page.getByTestId('editor').fill(printer(300, 0.002));
        await page.waitForTimeout(400);
        await page.evaluate(() => {
          window.__said = [];
          const region = document.querySelector('[data-testid=announcer]');
          new MutationObserver(() => window.__said.push(region.textContent)).observe(region, {
            childList: true,
            characterData: true,
            subtree: true,
          });
        });
        await page.getByTestId('speed').selectOption('1×');
        await page.getByTestId('run').focus();
        await page.keyboard.press('Enter');
        await page.waitForTimeout(200);
        assert((await focused()) === 'pause', `focus after Run: ${await focused()}`);
        await waitStatus(page, ['finished'], 10_000);
        await page.waitForTimeout(600);
        assert((await focused()) === 'run', `focus after the run: ${await focused()}`);
        const said = await page.evaluate(() => window.__said.filter((s) => s));
        assert(said.length <= 3, `announced ${said.length} times: ${said.join(' | ')}`);
        assert(said[said.length - 1] === 'Finished: 2 tasks, 300 lines printed.', said.join(' | '));
        assertNoProblems(problems);
        await page.close();
        return said.join(' | ');
      },
    ],
    [
      'axe-core finds no serious or critical violation, in light and dark, before and after a run',
      async (browser, url) => {
        const found = [];
        for (const colorScheme of ['light', 'dark']) {
          const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme });
          await page.goto(url);
          await page.getByTestId('run').waitFor();
          for (const v of await axeSerious(page)) found.push(`${colorScheme}, before: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.join('\n    ')}`);
          await page.getByTestId('sample-picker').selectOption({ label: 'TaskGroup with a failing child' });
          await runAt(page, 'Instant');
          await waitStatus(page, ['finished']);
          await page.getByTestId('step-back').click();
          for (const v of await axeSerious(page)) found.push(`${colorScheme}, after: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.join('\n    ')}`);
          await page.close();
        }
        assert(found.length === 0, found.join('\n'));
      },
    ],
    [
      'at 390 px: Run brings the timeline into view, the controls stay on screen, every target is at least 44 px (screenshots, light and dark)',
      async (browser, url) => {
        const notes = [];
        for (const colorScheme of ['light', 'dark']) {
          const context = await browser.newContext({
            viewport: { width: 390, height: 844 },
            colorScheme,
            hasTouch: true,
            isMobile: true,
            deviceScaleFactor: 2,
          });
          const page = await context.newPage();
          await page.goto(url);
          await page.getByTestId('run').waitFor();
          await page.screenshot({ path: join(shots, `phone-${colorScheme}-start.png`) });
          const small = await page.$$eval(
            '.coroscope button, .coroscope select, .coroscope input:not([type=checkbox]), .coroscope .coroscope-toggle, .coroscope a[href]',
            (els) =>
              els
                .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
                .map((e) => ({ e, r: e.getBoundingClientRect() }))
                .filter(({ r }) => r.width < 44 || r.height < 44)
                .map(({ e, r }) => `${e.dataset.testid ?? e.getAttribute('aria-label') ?? e.textContent.trim().slice(0, 20)} ${Math.round(r.width)}×${Math.round(r.height)}`),
          );
          assert(small.length === 0, `targets under 44 px: ${small.join(', ')}`);
          await page.getByTestId('speed').selectOption('1×');
          const scrolledBefore = await page.evaluate(() => scrollY);
          await page.getByTestId('run').tap();
          await page.waitForTimeout(700);
          const timeline = await page.getByTestId('timeline').boundingBox();
          const bar = await page.locator('.coroscope-toolbar').boundingBox();
          assert(bar && bar.y >= -1 && bar.y < 5, `toolbar at ${JSON.stringify(bar)}`);
          const below = bar.y + bar.height;
          const screen = await page.evaluate(() => innerHeight);
          const whole = timeline.y >= below - 1 && timeline.y + timeline.height <= screen + 1;
          const atTop = Math.abs(timeline.y - (below + 8)) <= 4;
          assert(whole || atTop, `timeline at ${JSON.stringify(timeline)}, toolbar ends at ${below}, screen ${screen}`);
          assert(scrolledBefore === 0, 'the page was scrolled before Run');
          assert(await page.getByTestId('pause').isVisible(), 'Pause is not on screen');
          await page.screenshot({ path: join(shots, `phone-${colorScheme}-running.png`) });
          await waitStatus(page, ['finished'], 5_000);
          await page.getByTestId('task-table').scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(shots, `phone-${colorScheme}-tasks.png`) });
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          assert(width <= 390, `page is ${width} px wide`);
          notes.push(`${colorScheme}: timeline at ${Math.round(timeline.y)} px (scrolled ${await page.evaluate(() => scrollY)} px), toolbar ${Math.round(bar.height)} px tall`);
          await context.close();
        }
        return notes.join('; ');
      },
    ],
    [
      'stale text: what to watch goes with the sample text, a syntax error clears the last run, counts agree with one',
      async (browser, url) => {
        const { page, problems } = await openPage(browser, url, { width: 1400, height: 900 });
        assert(await page.getByTestId('sample-watch').isVisible(), 'no "what to watch" for the sample');
        assert((await page.getByTestId('file-name').textContent()).includes('guide_hello.py'), 'file name');
        await runAt(page, 'Instant');
        await waitStatus(page, ['finished']);
        const summary = await page.getByTestId('timeline-summary').textContent();
        assert(summary.includes('1 task at event'), summary);
        const editor = page.getByTestId('editor');
        await editor.focus();
        await page.keyboard.press('Control+End');
        await page.keyboard.type('\nx = (');
        await page.getByTestId('syntax-error').waitFor({ timeout: 5_000 });
        assert((await page.getByTestId('sample-watch').count()) === 0, '"what to watch" stayed after the edit');
        await waitStatus(page, ['syntax error']);
        assert((await page.locator('[data-testid=task-row]').count()) === 0, 'the last run\'s tasks stayed');
        assert((await consoleLines(page)).length === 0, 'the last run\'s prints stayed');
        await page.screenshot({ path: join(shots, 'syntax-error-clears-run.png') });
        assertNoProblems(problems);
        await page.close();
      },
    ],
    [
      'imports: the page says what a script can import, names every refused import before the run, and tracebacks name the sample\'s file',
      async (browser, url) => {
        const { page, problems } = await openPage(browser, url, { width: 1400, height: 900 });
        const importable = await page.getByTestId('importable').textContent();
        assert(/asyncio/.test(importable) && /random/.test(importable) && /time/.test(importable), importable);
        await page.getByTestId('editor').fill('import asyncio\nimport requests\nimport numpy, random\n\nprint("hi")\n');
        await page.getByTestId('syntax-error').waitFor({ timeout: 5_000 });
        const refused = await page.getByTestId('syntax-error').innerText();
        assert(refused.includes("line 2: ImportError: module 'requests'"), refused);
        assert(refused.includes("line 3: ImportError: module 'numpy'"), refused);
        assert(!refused.includes('SyntaxError'), refused);
        await waitStatus(page, ['cannot import']);
        assert(!(await page.getByTestId('run').isEnabled()), 'Run is enabled with refused imports');
        await page.getByTestId('editor').fill('import asyncio\n\n\nasync def main():\n    raise ValueError("x")\n\nasyncio.run(main())\n');
        await page.waitForTimeout(400);
        await runAt(page, 'Instant');
        await waitStatus(page, ['failed']);
        const text = await page.getByTestId('console').innerText();
        assert(text.includes('File "guide_hello.py", line 5, in main'), text);
        assertNoProblems(problems);
        await page.close();
        return refused.split('\n')[0];
      },
    ],
    [
      'Step before any run starts the script paused at its first event; Step again moves one event',
      async (browser, url) => {
        const { page, problems } = await openPage(browser, url, { width: 1400, height: 900 });
        assert(await page.getByTestId('step').isEnabled(), 'Step is disabled before a run');
        await page.getByTestId('step').click();
        await waitStatus(page, ['paused']);
        const pos = async () => Number(await page.getByTestId('scrubber').inputValue());
        assert((await pos()) === 1, `at event ${await pos()}`);
        const what = await page.getByTestId('loop-last-event').textContent();
        assert(what === 'created task Task-1', what);
        await page.getByTestId('step').click();
        assert((await pos()) === 2, `at event ${await pos()} after a second step`);
        assert((await consoleLines(page)).length === 0, 'printed before its time');
        assertNoProblems(problems);
        await page.close();
        return what;
      },
    ],
    [
      'identities and timeline gestures: 30 tasks look different, the wheel scrolls 30 lanes, W/S zoom and A/D pan from the keyboard, tooltips stay inside the window',
      async (browser, url) => {
        const { page, problems } = await openPage(browser, url, { width: 1400, height: 900 });
        await page.getByTestId('editor').fill(THIRTY);
        await page.waitForTimeout(400);
        await runAt(page, 'Instant');
        await waitStatus(page, ['finished']);
        // Identity: main and 30 workers, 31 different colour-and-shape marks, none in a state colour.
        const marks = await page.$$eval('[data-testid=task-row] .coroscope-swatch', (els) =>
          els.map((e) => `${getComputedStyle(e).backgroundColor} ${getComputedStyle(e).clipPath}`),
        );
        const states = ['rgb(230, 159, 0)', 'rgb(0, 114, 178)', 'rgb(86, 180, 233)', 'rgb(0, 158, 115)', 'rgb(213, 94, 0)', 'rgb(204, 121, 167)'];
        assert(marks.length === 31 && new Set(marks).size === 31, `identity marks: ${marks.length}, ${new Set(marks).size} distinct`);
        assert(!marks.some((m) => states.some((c) => m.startsWith(c))), `a task drawn in a state colour: ${marks.join(' | ')}`);
        const canvas = page.locator('[data-testid=timeline] canvas');
        const box = await canvas.boundingBox();
        // Hover the first lane's name: the tooltip names Task-1.
        const tipAt = async (x, y) => {
          await page.mouse.move(x, y);
          const tip = page.getByTestId('timeline-tooltip');
          await tip.waitFor({ timeout: 2_000 });
          await page.waitForTimeout(50);
          return { text: await tip.textContent(), box: await tip.boundingBox() };
        };
        const first = await tipAt(box.x + 40, box.y + 26 + 12);
        assert(first.text.includes('Task-1'), first.text);
        await page.mouse.wheel(0, 400);
        await page.waitForTimeout(100);
        const scrolled = await tipAt(box.x + 40, box.y + 26 + 12 + 1);
        assert(!scrolled.text.includes('Task-1 '), `the wheel did not scroll the lanes: ${scrolled.text}`);
        // A tooltip near the bottom-right corner of the window opens inside it.
        const corner = await tipAt(box.x + box.width - 6, box.y + box.height - 30);
        const vw = 1400;
        assert(corner.box.x >= 0 && corner.box.x + corner.box.width <= vw, `tooltip ${JSON.stringify(corner.box)}`);
        await page.screenshot({ path: join(shots, 'thirty-tasks.png') });
        // Keyboard: focus the lanes, S zooms out (to the whole run at most), W zooms in.
        await page.locator('.cs-tl-stage').focus();
        const right = async () => {
          await page.mouse.click(box.x + box.width - 3, box.y + 10);
          return Number(await page.getByTestId('scrubber').inputValue());
        };
        const whole = await right();
        await page.locator('.cs-tl-stage').focus();
        for (let i = 0; i < 4; i++) await page.keyboard.press('w');
        const zoomed = await right();
        assert(zoomed < whole, `W did not zoom in: ${zoomed} vs ${whole}`);
        await page.locator('.cs-tl-stage').focus();
        for (let i = 0; i < 8; i++) await page.keyboard.press('d');
        const panned = await right();
        assert(panned > zoomed, `D did not pan later: ${panned} vs ${zoomed}`);
        assertNoProblems(problems);
        await page.close();
        return `right edge at event ${zoomed} zoomed, ${panned} panned, ${whole} whole`;
      },
    ],
    [
      'embed.html: the status line keeps its height after a run, and an unknown data-sample is warned about',
      async (browser, url) => {
        const embed = new URL('embed.html', url).href;
        const { page, problems } = await openPage(browser, embed, { width: 1200, height: 900 });
        const a = page.locator('.coroscope').first();
        const height = () => a.locator('.coroscope-toolbar').evaluate((e) => e.getBoundingClientRect().height);
        const loop = () => a.getByTestId('loop-panel').evaluate((e) => e.getBoundingClientRect().height);
        const before = await height();
        await a.getByTestId('speed').selectOption('Instant');
        await a.getByTestId('run').click();
        await page.waitForFunction(() => document.querySelectorAll('[data-testid=status]')[0].textContent === 'finished');
        const after = await height();
        assert(after === before, `the toolbar grew from ${before} to ${after} px`);
        assert((await loop()) > 150, `the loop panel is ${await loop()} px tall`);
        await page.screenshot({ path: join(shots, 'embed-after-run.png') });
        assertNoProblems(problems);
        await page.close();
        // An unknown sample id: a console warning naming it.
        const other = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        const warnings = [];
        other.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
        await other.route('**/embed.html', async (route) => {
          const res = await route.fetch();
          const body = (await res.text()).replace('data-sample="queue"', 'data-sample="no_such_sample"');
          await route.fulfill({ response: res, body });
        });
        await other.goto(embed);
        await other.getByTestId('run').first().waitFor();
        await other.waitForTimeout(200);
        assert(warnings.some((w) => w.includes('"no_such_sample"')), `warnings: ${warnings.join(' | ')}`);
        await other.close();
        return `toolbar ${before} px before and after`;
      },
    ],
    [
      'screenshots of the whole page after a run, desktop, light and dark',
      async (browser, url) => {
        for (const colorScheme of ['light', 'dark']) {
          const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme });
          await page.goto(url);
          await page.getByTestId('sample-picker').selectOption({ label: 'gather: concurrent sleeps' });
          await runAt(page, '0.5×');
          await page.waitForTimeout(350);
          await page.screenshot({ path: join(shots, `desktop-${colorScheme}-running.png`) });
          await waitStatus(page, ['finished'], 5_000);
          await page.waitForTimeout(100);
          await page.screenshot({ path: join(shots, `desktop-${colorScheme}.png`) });
          const rows = await taskStates(page);
          assert(rows.length === 4, JSON.stringify(rows));
          await page.close();
        }
      },
    ],
  ];
}
