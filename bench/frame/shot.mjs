// Screenshots of the timeline demo page for review: node bench/frame/shot.mjs DIST OUTDIR
import { mkdir } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import { serve, launch, frames } from './lib.mjs';

const dist = resolve(process.argv[2] ?? '/tmp/tl-dist');
const out = resolve(process.argv[3] ?? '/tmp/tl-shots');
await mkdir(out, { recursive: true });
const { server, url } = await serve(dist);
const browser = await launch();
const problems = [];
async function open(query, opts = {}) {
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1280, height: 720 }, colorScheme: opts.scheme ?? 'light', deviceScaleFactor: opts.dpr ?? 1 });
  page.on('pageerror', (e) => problems.push(`${query}: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`${query}: ${m.text()}`));
  await page.goto(url + query);
  await page.getByTestId('timeline').waitFor({ timeout: 15000 });
  await frames(page, 3);
  return page;
}
try {
  let page = await open('?mode=demo');
  await page.screenshot({ path: join(out, 'demo-light.png') });
  const box = await page.locator('canvas').boundingBox();
  await page.mouse.move(box.x + 150 + (box.width - 150) * 0.3, box.y + 26 + 24 * 1.5);
  await frames(page, 2);
  await page.screenshot({ path: join(out, 'demo-hover.png') });
  for (let i = 0; i < 12; i++) await page.getByTestId('step').click();
  await page.getByTestId('step-back').click();
  await frames(page, 2);
  await page.screenshot({ path: join(out, 'demo-stepped.png') });
  for (const at of [9, 24, 70]) {
    await page.getByTestId('scrubber').fill(String(at));
    await frames(page, 2);
    await page.screenshot({ path: join(out, `demo-pos-${at}.png`) });
  }
  await page.getByTestId('timeline-axis').click();
  await frames(page, 2);
  await page.mouse.move(box.x + box.width - 40, box.y + 26 + 24 * 4.5);
  await frames(page, 2);
  await page.screenshot({ path: join(out, 'demo-events-axis.png') });
  await page.mouse.move(box.x + 40, box.y + 26 + 24 * 1.5);
  await frames(page, 2);
  await page.screenshot({ path: join(out, 'demo-header-tip.png') });
  await page.close();
  page = await open('?mode=demo', { scheme: 'dark', dpr: 2 });
  await page.screenshot({ path: join(out, 'demo-dark-2x.png') });
  await page.close();
  page = await open('?mode=demo', { viewport: { width: 360, height: 740 } });
  await page.screenshot({ path: join(out, 'demo-phone.png'), fullPage: true });
  await page.close();
  page = await open('?mode=live');
  await page.waitForTimeout(700);
  await page.screenshot({ path: join(out, 'live-0.7s.png') });
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, 'live-1.2s.png') });
  await page.close();
  page = await open('?mode=bench');
  await page.screenshot({ path: join(out, 'bench.png') });
  {
    const b = await page.locator('canvas').boundingBox();
    await page.mouse.move(b.x + b.width * 0.5, b.y + b.height * 0.5);
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -200);
    await page.keyboard.down('Shift');
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 300);
    await page.keyboard.up('Shift');
    await frames(page, 2);
    await page.screenshot({ path: join(out, 'bench-zoomed.png') });
  }
  await page.close();
} finally {
  await browser.close();
  server.close();
}
console.log(problems.length ? problems.join('\n') : 'no page errors');
