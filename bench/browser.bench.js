// Browser benchmark: builds bench/browser/ with Vite (the production bundling a site would ship),
// serves it cross-origin isolated (fine-grained performance.now), and drives Debian's Chromium headless
// with playwright-core. Prints the same table as bench/node.bench.js (with Chromium's wasm and peer
// timings) and, for each widget registered in web/src/widgets/index.js, the time of one update at its
// default size and the time from scrolling it into view to its first interactive render (the median
// of three cold loads).
// Usage: node bench/browser.bench.js [--tiny] [--only prefix] [--native file.json] [--history dir]
//   --only     just the workloads and widgets whose id or tag starts with prefix (not stored in the history)
//   --native   reuse the native medians saved by `node bench/node.bench.js --save file.json` in the same
//              run (scripts/bench.sh does this); without it the native programs are run here.
//   --history  print the change against the previous run stored in dir, and store this one (history.js)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { ARTICLES } from '../demos/articles.js';
import { runNativeBuilds } from './native-runner.js';
import { serveSite, siteJumps } from './site-jumps.js';
import { table, targets } from './report.js';
import { machineName, recordRun, versions } from './history.js';
import { GPU_COMPOSITING_FLAGS } from '../tests/e2e/chromium-session.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const tiny = argv.includes('--tiny');
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : null);
const nativeFile = option('--native');
const only = option('--only') ?? '';
const history = only ? null : option('--history');
const log = (line) => process.stderr.write(`${line}\n`);
const outDir = join(repo, 'build/bench-site');

// How to update each widget: an observed attribute and values to go through in turn. A widget missing
// here is still timed to its first render; add a line for its update timing. The Nyströmformer keeps
// its last four evaluations (a return to one costs no core call), so it goes through six values of m.
const UPDATES = {
  'mathlet-logsumexp': ['tau', ['0.5', '2']],
  'mathlet-smooth-topk': ['tau', ['0.5', '2']],
  'mathlet-grad-clip': ['tau', ['0.5', '2']],
  'mathlet-pinv': ['matrix', ['1 2; 3 4', '2 1 0; 1 3 1']],
  'mathlet-cr': ['r', ['3', '5']],
  'mathlet-cur': ['r', ['2', '3']],
  'mathlet-performer': ['m', ['64', '128']],
  'mathlet-nystromformer': ['m', ['8', '10', '12', '14', '16', '18']],
  'mathlet-entropy-attention': ['gain', ['1', '3']],
  'mathlet-cur-retrieval': ['kr', ['50', '100']],
};
// Each widget at its documented limits (README, "Widgets"): the attributes that give it its largest
// inputs, and the update timed there when it is not the one in UPDATES. <mathlet-grad-clip> is left
// out: its main-thread work is a 2-vector at any setting (its runs and sweep are the worker's).
const SIX_BY_SIX = (shift) =>
  Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => ((i * 7 + j * 3 + shift) % 11) - 5).join(' ')).join('; ');
const AT_LIMITS = {
  'mathlet-logsumexp': { attributes: { values: '3, -1.5, 2, 0.25, 7, -4, 2.5, 9, -1, 5, 0, 3.5' } },
  'mathlet-smooth-topk': { attributes: { values: '3, -1.5, 2, 0.25, 7, -4, 2.5, 9, -1, 5', k: '5' } },
  'mathlet-pinv': { attributes: { matrix: SIX_BY_SIX(0) }, update: ['matrix', [SIX_BY_SIX(1), SIX_BY_SIX(2)]] },
  'mathlet-cr': { attributes: { r: '32' }, update: ['r', ['31', '32']] },
  'mathlet-cur': { attributes: { preset: 'picture', r: '28' }, update: ['r', ['27', '28']] },
  'mathlet-performer': { attributes: { n: '512', d: '64', m: '1024' }, update: ['m', ['512', '1024']] },
  'mathlet-nystromformer': { attributes: { n: '512', d: '64', m: '64', k: '30' }, update: ['m', ['39', '44', '49', '54', '59', '64']] },
  'mathlet-entropy-attention': { attributes: { rows: '128', base: '4096', k: '256' } },
  'mathlet-cur-retrieval': { attributes: { items: '20000', kq: '256', tests: '500', ki: '256' }, update: ['kr', ['10000', '20000']] },
};
// A steady scroll of one 800 px viewport per second: a reader skimming, not reading.
// The tiny run (npm test) only checks that the measurement works: it scrolls ten times as fast, since
// at 800 px/s the 3000 px spacer alone took about 3 s per widget, most of the run's time.
const READER_PACE = tiny ? 8000 : 800;
// Cold loads per widget whose median is its jump to ready (one in the tiny run, which only checks the
// measurement): as soon as the page can jump, and again with the jump made once the page has been
// open READER_DELAY ms, as a reader who follows "Jump to the live demo" after a look at the page.
// The two differ by the fresh browser context's first half second or so, in which the same jump
// took about 1.5 times as long on this machine (2026-12-06: logsumexp 364–403 ms at once, 217–247 ms
// after 1 s, 239–259 ms after 300 ms).
const JUMPS = tiny ? 1 : 3;
const READER_DELAY = 1000;
const widgetTags = () =>
  [...readFileSync(join(repo, 'web/src/widgets/index.js'), 'utf8').matchAll(/^\s*'(mathlet-[a-z0-9-]+)': \{/gm)]
    .map((m) => m[1])
    .filter((tag) => tag.startsWith(only));

// One Chromium for the whole run, as a reader's browser is already open, and each measurement in a
// browser context of its own: its own renderer process and empty HTTP and code caches, so each widget
// still pays for its own code, wasm and plot library. (A fresh Chromium per measurement, as before,
// also timed SwiftShader's start-up, and cost the tiny run in npm test a minute of launches.)
async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      // GPU rasterization on SwiftShader, as in the browser tests: with --disable-gpu, Chromium 156
      // now and then stops drawing a page for good (tests/e2e/chromium-session.js).
      ...GPU_COMPOSITING_FLAGS,
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // freshPage(): a page in a new, empty browser context; closing its context closes it.
  const freshPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    return { page, close: () => context.close() };
  };
  return { browser, freshPage };
}

async function pageErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (v) => (v == null ? '–' : v.toFixed(1));

log('building bench/browser with Vite...');
await build({
  root: join(repo, 'bench/browser'),
  configFile: false,
  base: './',
  logLevel: 'warn',
  build: {
    outDir,
    emptyOutDir: true,
    assetsInlineLimit: 0,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: { input: { index: join(repo, 'bench/browser/index.html'), widgets: join(repo, 'bench/browser/widgets.html') } },
  },
});
const server = await preview({
  root: join(repo, 'bench/browser'),
  configFile: false,
  logLevel: 'silent',
  build: { outDir },
  preview: {
    host: '127.0.0.1',
    port: 0,
    strictPort: false,
    open: false,
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  },
});
const base = server.resolvedUrls.local[0];

let native;
if (nativeFile) {
  native = JSON.parse(readFileSync(nativeFile, 'utf8')).native;
  log(`native medians from ${nativeFile} (measured earlier in this run)`);
} else {
  log('native benchmarks (build/native, build/native-sse42)...');
  native = runNativeBuilds({ tiny, only, log });
}

// A widget's figures as the history keeps them (ms; null where not measured).
function widgetMedians({ firstRender, readerJump, readerPace, samples, limitSamples }) {
  const total = updateTimes(samples);
  const atLimits = updateTimes(limitSamples);
  return {
    'jump to ready': firstRender,
    'jump to ready, page open 1 s': readerJump,
    'reader pace to ready': readerPace,
    'update median': total.length ? median(total) : null,
    'render median': total.length ? median(samples.map((s) => s.render)) : null,
    'update at limits median': atLimits.length ? median(atLimits) : null,
  };
}

// One update's main-thread work in its longest task: setAttribute's synchronous part plus the
// widget's render measure, or the render of the worker's answer where the widget left the change to
// its worker (the issue's measure: the longest frame after a change).
const updateTimes = (samples) => samples.map((s) => Math.max(s.sync + s.render, s.later ?? 0));

// The samples of `count` updates alternating `name` through `values` on a ready widget's page, less
// the first two, which still tier the code up.
async function timeUpdates(page, [name, values]) {
  const samples = await page.evaluate(([n, v, c]) => window.widgetBench.updates(n, v, c), [name, values, tiny ? 3 : 31]);
  return samples.slice(2);
}

let chromiumRun;
try {
  chromiumRun = await launchBrowser();
  // The workloads, in a fresh context.
  const workloads = await chromiumRun.freshPage();
  const { page } = workloads;
  const errors = await pageErrors(page);
  const query = new URLSearchParams({ ...(tiny && { tiny: '' }), ...(only && { only }) }).toString();
  await page.goto(`${base}index.html${query ? `?${query}` : ''}`);
  const handle = await page.waitForFunction(() => window.benchResult ?? window.benchError, null, { timeout: 0, polling: 500 });
  const bench = await handle.jsonValue();
  if (typeof bench === 'string') throw new Error(`benchmark page failed: ${bench}`);
  if (errors.length) throw new Error(`benchmark page errors: ${errors.join('; ')}`);
  const version = chromiumRun.browser.version();
  await workloads.close();

  // onWidgetPage(tag, measure): the widget's page in a fresh context, measure(page), then closed.
  // With `attributes`, the element has them before it loads.
  const onWidgetPage = async (tag, measure, attributes = null) => {
    const fresh = await chromiumRun.freshPage();
    try {
      const werrors = await pageErrors(fresh.page);
      const attrs = attributes ? `&attrs=${encodeURIComponent(JSON.stringify(attributes))}` : '';
      await fresh.page.goto(`${base}widgets.html?tag=${tag}${attrs}`);
      await fresh.page.waitForFunction(() => window.widgetBench);
      const result = await measure(fresh.page);
      if (werrors.length) throw new Error(`${tag}: page errors: ${werrors.join('; ')}`);
      return result;
    } finally {
      await fresh.close();
    }
  };
  const widgetRows = [];
  for (const tag of widgetTags()) {
    // Jump to ready is the median of JUMPS cold loads: one load alone varies by ±30% on this machine.
    const jumps = [];
    for (let i = 1; i < JUMPS; i++)
      jumps.push(await onWidgetPage(tag, (wpage) => wpage.evaluate(() => window.widgetBench.scrollToReady())));
    const readerJumps = [];
    for (let i = 0; i < JUMPS; i++)
      readerJumps.push(
        await onWidgetPage(tag, (wpage) => wpage.evaluate((delay) => window.widgetBench.scrollToReady(delay), READER_DELAY)),
      );
    const readerJump = median(readerJumps);
    const { state, firstRender, samples } = await onWidgetPage(tag, async (wpage) => {
      const state = await wpage.evaluate(() => window.widgetBench.state());
      const firstRender = median([...jumps, await wpage.evaluate(() => window.widgetBench.scrollToReady())]);
      const samples = UPDATES[tag] ? await timeUpdates(wpage, UPDATES[tag]) : [];
      return { state, firstRender, samples };
    });
    // The same kind of update with the widget at its limits, in a page of its own.
    const limits = AT_LIMITS[tag];
    const limitSamples = limits
      ? await onWidgetPage(
          tag,
          async (wpage) => {
            await wpage.evaluate(() => window.widgetBench.scrollToReady());
            return timeUpdates(wpage, limits.update ?? UPDATES[tag]);
          },
          limits.attributes,
        )
      : [];
    // Again cold, as a reader arrives: scrolling down at a steady pace, so the lazy margin gives a head start.
    const readerPace = await onWidgetPage(tag, (wpage) =>
      wpage.evaluate((pace) => window.widgetBench.scrollAtReaderPace(pace), READER_PACE),
    );
    widgetRows.push({ tag, state, firstRender, readerJump, readerPace, samples, limitSamples, attribute: UPDATES[tag]?.[0] });
  }

  // Each article of the built site, its "Jump to the live demo" clicked once it has been open
  // READER_DELAY ms (site-jumps.js): in a full run every article, in the tiny run the first; not in a
  // run narrowed by --only.
  const articleJumps = [];
  if (!only) {
    log('building the site with Vite for the article jumps...');
    const site = await serveSite(repo, join(repo, 'build/bench-article-site'));
    try {
      const articles = tiny ? ARTICLES.slice(0, 1) : ARTICLES;
      articleJumps.push(
        ...(await siteJumps({ freshPage: chromiumRun.freshPage, url: site.url, loads: JUMPS, openFor: READER_DELAY, articles })),
      );
    } finally {
      await site.close();
    }
  }

  console.log(
    `\nmathlets benchmarks: Chromium ${version} (headless, crossOriginIsolated ${bench.crossOriginIsolated}); medians in ms${tiny ? ' (TINY sizes)' : ''}\n`,
  );
  console.log(table(bench.results, native, { engine: 'Chromium' }));
  console.log(tiny ? '\nTargets: not evaluated on tiny sizes.' : `\nTargets (Chromium):\n${targets(bench.results, native)}`);
  console.log(
    '\nWidgets at their default size (Chromium; one update = setAttribute\'s synchronous part, i.e. parsing and the core call, plus the widget\'s "<tag> render" measure):\n',
  );
  console.log(
    `| widget | jumped into view → ready (ms, median of ${JUMPS} cold loads) | the same, jumped ${READER_DELAY} ms after the page opened | scrolled to at ${READER_PACE} px/s: in view → ready (ms) | one update, median (ms) | of which render (ms) | update, max (ms) | setAttribute → rendered, median (ms, includes the wait for the frame) |`,
  );
  console.log('|---|--:|--:|--:|--:|--:|--:|--:|');
  for (const w of widgetRows) {
    const total = updateTimes(w.samples);
    console.log(
      `| ${w.tag}${w.attribute ? ` (${w.attribute})` : ''} | ${ms(w.firstRender)} | ${ms(w.readerJump)} | ${ms(w.readerPace)} | ${total.length ? ms(median(total)) : '–'} | ` +
        `${total.length ? ms(median(w.samples.map((s) => s.render))) : '–'} | ${total.length ? ms(Math.max(...total)) : '–'} | ` +
        `${total.length ? ms(median(w.samples.map((s) => s.untilRendered))) : '–'} |`,
    );
  }
  console.log('\nWidgets at their documented limits (Chromium; the same measure of one update):\n');
  console.log('| widget | attributes | update | one update, median (ms) | update, max (ms) |');
  console.log('|---|---|---|--:|--:|');
  for (const w of widgetRows.filter((row) => AT_LIMITS[row.tag])) {
    const { attributes, update = UPDATES[w.tag] } = AT_LIMITS[w.tag];
    const total = updateTimes(w.limitSamples);
    const shown = Object.entries(attributes).map(([name, value]) => `${name}=${value.length > 24 ? `${value.slice(0, 21)}…` : value}`);
    console.log(
      `| ${w.tag} | ${shown.join(', ')} | ${update[0]}: ${update[1].map((v) => (v.length > 12 ? '…' : v)).join(' ↔ ')} | ` +
        `${total.length ? ms(median(total)) : '–'} | ${total.length ? ms(Math.max(...total)) : '–'} |`,
    );
  }
  if (articleJumps.length) {
    console.log(
      `\nThe site's articles (Chromium; "Jump to the live demo" clicked ${READER_DELAY} ms after the page opened, median of ${JUMPS} cold loads):\n`,
    );
    console.log('| article | widget | click → ready (ms) |');
    console.log('|---|---|--:|');
    for (const j of articleJumps) console.log(`| ${j.article} | ${j.tag} | ${ms(j.ms)} |`);
  }
  const widgetFigures = Object.fromEntries(widgetRows.map((w) => [w.tag, widgetMedians(w)]));
  for (const j of articleJumps) widgetFigures[j.tag] = { ...widgetFigures[j.tag], 'jump from its article, page open 1 s': j.ms };
  recordRun(history, {
    engine: 'chromium',
    date: new Date().toISOString(),
    machine: machineName(),
    tiny,
    versions: versions({ chromium: version }),
    results: bench.results,
    widgets: widgetFigures,
  });
} finally {
  await chromiumRun?.browser.close();
  (await server.close?.()) ?? server.httpServer?.close();
}
