// Reproduces the headless Chromium stall that chromium-session.js works around, so that a newer
// Chromium (or a change of its flags) can be checked: opens a widget page again and again, each in
// a fresh browser context with MathJax's speech on (as a reader has it), scrolls it through and asks
// for two animation frames at every step. A page that gives none within 5 s, nor within 10 s more,
// has stopped drawing; the probe counts those.
//
//   node tests/e2e/tools/stall-probe.mjs                     # the tests' flags (GPU rasterization)
//   RASTER=software node tests/e2e/tools/stall-probe.mjs     # --disable-gpu: the renderer rasterizes
//   VISITS=30 PAGE=cur-decomposition/ node tests/e2e/tools/stall-probe.mjs
//
// Measured here (2 cores, idle otherwise, Chromium 156, /logsumexp/): software rasterization
// stopped drawing in 3 of 12, 5 of 12, 1 of 16 and 2 of 16 visits; GPU rasterization in 0 of 16 and
// 0 of 30. Needs the built site (npx vite build).
import { chromium } from 'playwright-core';
import { GPU_RASTER_FLAGS } from '../chromium-session.js';
import { startSite } from '../site-server.js';

const visits = Number(process.env.VISITS ?? 16);
const path = process.env.PAGE ?? 'logsumexp/';
const software = process.env.RASTER === 'software';
const rasterFlags = software ? ['--disable-gpu'] : GPU_RASTER_FLAGS;

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
console.log(`${software ? 'software' : 'GPU'} rasterization: ${stalls} of ${visits} visits stopped drawing (${seconds} s)`);
await browser.close();
await site.close();
