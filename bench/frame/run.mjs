// Frame-time benchmark of the timeline: pans and zooms the canvas programmatically in headless
// Chromium over synthetic_trace(1000 tasks, 100,000 events) and over a three-task trace (the
// baseline measured in the same run), and reports the median and p95 cost of a frame (the
// timeline's draw: draw list + canvas replay, timed in the page with performance.now()), their
// ratio to the 16 ms budget, and the ratio to the baseline. Not a pass/fail test: these
// machines are shared and noisy, so it reports medians over several rounds.
//
// Usage: bench/frame/run.sh            (builds the page with trunk, then runs this)
//        node bench/frame/run.mjs DIST [ROUNDS]
import { resolve } from 'node:path';
import { serve, launch, frames } from './lib.mjs';

const dist = resolve(process.argv[2] ?? 'target/bench-frame');
const rounds = Number(process.argv[3] ?? 5);
const BUDGET = 16;

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i];
};
const median = (xs) => quantile(xs, 0.5);

/** One round on one page: zoom in, pan, zoom out, scroll lanes; returns the frame costs. */
async function round(browser, url, mode) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const t0 = Date.now();
  await page.goto(`${url}?mode=${mode}`);
  await page.locator('[data-testid=timeline] canvas').waitFor({ timeout: 60_000 });
  await frames(page, 3);
  const loadMs = Date.now() - t0;
  await page.evaluate(() => (window.__frames.length = 0));
  const box = await page.locator('[data-testid=timeline] canvas').boundingBox();
  const cx = box.x + box.width * 0.6;
  const cy = box.y + box.height * 0.5;
  await page.mouse.move(cx, cy);
  for (let i = 0; i < 25; i++) {
    await page.mouse.wheel(0, -120);
    await frames(page);
  }
  for (let d = 0; d < 4; d++) {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= 15; i++) {
      await page.mouse.move(cx + (d % 2 ? 1 : -1) * i * 12, cy + (d < 2 ? -i * 3 : i * 3));
      await frames(page);
    }
    await page.mouse.up();
  }
  for (let i = 0; i < 25; i++) {
    await page.mouse.wheel(0, 150);
    await frames(page);
  }
  await page.keyboard.down('Shift');
  for (let i = 0; i < 15; i++) {
    await page.mouse.wheel(0, 200);
    await frames(page);
  }
  await page.keyboard.up('Shift');
  const costs = await page.evaluate(() => Array.from(window.__frames));
  await page.close();
  if (errors.length) throw new Error(`${mode}: ${errors.join('; ')}`);
  return { costs, loadMs };
}

const { server, url } = await serve(dist);
const browser = await launch();
const results = { hello: [], bench: [] };
try {
  for (let r = 0; r < rounds; r++) {
    for (const mode of ['hello', 'bench']) {
      const { costs, loadMs } = await round(browser, url, mode);
      results[mode].push({ median: median(costs), p95: quantile(costs, 0.95), frames: costs.length, loadMs });
    }
  }
} finally {
  await browser.close();
  server.close();
}

const fmt = (x) => x.toFixed(2).padStart(7);
const summary = {};
for (const mode of ['hello', 'bench']) {
  const rs = results[mode];
  summary[mode] = {
    median: median(rs.map((r) => r.median)),
    p95: median(rs.map((r) => r.p95)),
    frames: median(rs.map((r) => r.frames)),
    loadMs: median(rs.map((r) => r.loadMs)),
  };
}
console.log(`timeline frame cost, ${rounds} rounds (medians of per-round figures), budget ${BUDGET} ms`);
console.log('trace                         median ms   p95 ms  p95/budget  frames/round  load ms');
const label = { hello: '3 tasks (baseline)', bench: '1000 tasks, 100k events' };
for (const mode of ['hello', 'bench']) {
  const s = summary[mode];
  console.log(
    `${label[mode].padEnd(28)} ${fmt(s.median)}  ${fmt(s.p95)}  ${(s.p95 / BUDGET).toFixed(2).padStart(9)}  ${String(s.frames).padStart(12)}  ${String(s.loadMs).padStart(7)}`,
  );
}
console.log(
  `ratio 100k/baseline: median ${(summary.bench.median / summary.hello.median).toFixed(1)}×, p95 ${(summary.bench.p95 / summary.hello.p95).toFixed(1)}×`,
);
console.log(JSON.stringify({ rounds, budget_ms: BUDGET, summary, per_round: results }));
