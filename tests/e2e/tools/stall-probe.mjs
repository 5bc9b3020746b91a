// Reproduces the headless Chromium stall that chromium-session.js works around, so that a newer
// Chromium (or a change of its flags) can be checked: opens a widget page again and again, each in
// a fresh browser context with MathJax's speech on (as a reader has it), scrolls it through and asks
// for two animation frames at every step. A page that gives none within 5 s, nor within 10 s more,
// has stopped drawing; the probe counts those.
//
//   node tests/e2e/tools/stall-probe.mjs                     # the tests' flags (SwiftShader compositing)
//   RASTER=software node tests/e2e/tools/stall-probe.mjs     # --disable-gpu: software compositing
//   FLAGS='["--disable-gpu","--num-raster-threads=4"]' node tests/e2e/tools/stall-probe.mjs
//   VISITS=30 PAGE=cur-decomposition/ node tests/e2e/tools/stall-probe.mjs
//
// Measured here (2 cores, idle otherwise, Chromium 156): with --disable-gpu, /logsumexp/ stopped
// drawing in 3 of 12, 5 of 12, 1 of 16 and 2 of 16 visits, and in 7 of 30 with four raster threads
// and 6 of 30 without checker imaging; with SwiftShader compositing, in 0 of 30 (/logsumexp/),
// 0 of 24 (/cur-decomposition/) and 0 of 24 (/smooth-topk/), rasterizing in the renderer; and in
// 0 of 16 and 0 of 30 when SwiftShader rasterized as well (the flags before, which cost more CPU).
// Needs the built site (npx vite build).
import { chromium } from 'playwright-core';
import { GPU_COMPOSITING_FLAGS } from '../chromium-session.js';
import { startSite } from '../site-server.js';

const visits = Number(process.env.VISITS ?? 16);
const path = process.env.PAGE ?? 'logsumexp/';
const software = process.env.RASTER === 'software';
const rasterFlags = process.env.FLAGS ? JSON.parse(process.env.FLAGS) : software ? ['--disable-gpu'] : GPU_COMPOSITING_FLAGS;

/** True if the page runs two animation frames within `ms`. */
const draws = (page, ms) =>
  Promise.race([
    page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))),
    new Promise((done) => setTimeout(() => done(false), ms)),
  ]);

/** Scrolls `page` through; returns the scroll offset where it stopped drawing for good, or null. */
async function scrollThrough(page) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y <= height; y += 350) {
    await page.evaluate((top) => scrollTo(0, top), y);
    if (!(await draws(page, 5_000)) && !(await draws(page, 10_000))) return y;
  }
  return null;
}

const site = await startSite();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', ...rasterFlags] });
const started = Date.now();
let stalls = 0;
for (let visit = 1; visit <= visits; visit++) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  await page.goto(new URL(path, site.url).href);
  const at = await scrollThrough(page);
  if (at !== null) {
    stalls++;
    console.log(`visit ${visit}: stopped drawing at scroll offset ${at}`);
  }
  await context.close();
}
const seconds = Math.round((Date.now() - started) / 1000);
console.log(`${JSON.stringify(rasterFlags)}: ${stalls} of ${visits} visits stopped drawing (${seconds} s)`);
await browser.close();
await site.close();
