// Accessibility audit with axe-core (WCAG 2.0/2.1, levels A and AA) of every page of the built site
// (every index.html under the build folder) and of the embed example (demos/embed, the one-script-tag
// blog post, served as a blog's host serves it), in light and in dark mode, with every widget loaded
// and every formula typeset. axe looks into the widgets' open shadow roots by itself. Nothing of
// axe-core ships: it is a devDependency evaluated into the page by this test only (page.evaluate is
// not subject to the embed page's strict Content-Security-Policy, where a <script> tag would be).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage } from './chromium-session.js';
import { buildEmbedBundle, serveEmbedPage } from './embed-server.js';
import { builtPages, startSite } from './site-server.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(repo, process.env.MATHLETS_DIST ?? 'dist');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SCHEMES = ['light', 'dark'];
const WAIT = { timeout: 90_000, polling: 250 };

// Run in the page by waitForFunction (polled): brings the first widget that is not ready yet into
// view (widgets load as they scroll near) and is true once all are ready.
const widgetsReady = () => {
  const waiting = [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('mathlet-') && e.dataset.state !== 'ready');
  waiting[0]?.scrollIntoView({ block: 'center' });
  return waiting.length === 0;
};

// The same for formulas (MathJax typesets them lazily, as they scroll into view). Pages without
// formulas or without MathJax are done at once.
const formulasTypeset = () => {
  if (!document.querySelector('.math')) return true;
  if (!window.MathJax?.startup?.document) return false;
  const pending = [...document.querySelectorAll('.math')].filter((m) => !m.querySelector('mjx-container svg'));
  pending[0]?.scrollIntoView({ block: 'center' });
  return pending.length === 0;
};

// Two animation frames: what was batched for the next frame has been drawn (or an error, not a hang,
// if the page stopped drawing).
const twoFrames = () =>
  new Promise((done, fail) => {
    setTimeout(() => fail(new Error('no animation frame in 15 s: the page stopped drawing')), 15_000);
    requestAnimationFrame(() => requestAnimationFrame(done));
  });

async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    // A target is a list of selectors, one per shadow root on the way to the element.
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      count: v.nodes.length,
      nodes: v.nodes.slice(0, 4).map((n) => ({ target: n.target.flat().join(' >> '), summary: n.failureSummary ?? '' })),
    }));
  }, WCAG_TAGS);
}

// Each violation with its first elements and why each fails (a summary said once for several elements).
const describeViolations = (found) =>
  found
    .map(({ scheme, id, impact, help, count, nodes }) => {
      const lines = [`[${scheme}] ${id} (${impact}, ${count} element${count === 1 ? '' : 's'}): ${help}`];
      nodes.forEach(({ target, summary }, i) => {
        lines.push(`    at ${target}`);
        if (summary !== nodes[i + 1]?.summary) lines.push(`      ${summary.replace(/\n/g, '\n      ')}`);
      });
      if (count > nodes.length) lines.push(`    and ${count - nodes.length} more`);
      return lines.join('\n');
    })
    .join('\n');

describe('accessibility: axe-core finds no WCAG 2.1 A/AA violation', () => {
  const pages = builtPages();
  let site;
  let bundle;
  let blog;
  let browser;
  before(async () => {
    site = await startSite();
    bundle = await buildEmbedBundle();
    blog = await serveEmbedPage(bundle.dir);
    browser = await openBrowser({ mathSpeech: true });
  });
  after(async () => {
    await browser?.close();
    await blog?.close();
    bundle?.remove();
    await site?.close();
  });

  it('finds the built pages: the index and the articles', () => {
    assert.ok(pages.includes(''), `${outDir} has an index.html`);
    assert.ok(pages.length >= 3, `article pages found: ${pages.join(', ')}`);
  });

  // The embed example is not part of the site build (demos/embed is served as is, next to the bundle).
  const targets = [
    ...pages.map((path) => ({ name: `/${path}`, url: () => site.url + path })),
    ...(pages.includes('embed/') ? [] : [{ name: 'the embed example (demos/embed)', url: () => blog.url }]),
  ];

  for (const target of targets) {
    it(`${target.name} in light and dark mode`, { timeout: 300_000 }, async () => {
      const { page } = await recordedPage(browser.context);
      const found = [];
      try {
        // One load, then each scheme as the reader's preference changes: the page's and the widgets'
        // stylesheets follow it, and every chart is drawn anew in the new colours (parts/plot-frame.js).
        await page.emulateMedia({ colorScheme: SCHEMES[0] });
        const response = await page.goto(target.url(), { waitUntil: 'load' });
        assert.equal(response.status(), 200);
        await page.waitForFunction(widgetsReady, null, WAIT);
        await page.waitForFunction(formulasTypeset, null, WAIT);
        await page.waitForFunction(
          () => [...document.querySelectorAll('*')].every((e) => !e.localName.startsWith('mathlet-') || e.dataset.state === 'ready'),
          null,
          WAIT,
        );
        for (const colorScheme of SCHEMES) {
          await page.emulateMedia({ colorScheme });
          await page.evaluate(twoFrames);
          for (const violation of await audit(page)) found.push({ scheme: colorScheme, ...violation });
        }
      } finally {
        await page.close();
      }
      assert.equal(found.length, 0, `axe-core violations on ${target.name}:\n${describeViolations(found)}`);
    });
  }
});
