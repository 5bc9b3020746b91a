// MathJax on the article page: served locally, typeset lazily (ui/lazy), every rendered formula
// protected from browser translation, including the ones typeset only after scrolling, no TeX
// errors. A mock translator (the harness of mathjax-translate-lazyload.md §6 D.13) rewrites every
// unprotected text node while the reader scrolls: prose must change, formulas must not.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage } from './chromium-session.js';
import { allTypeset, mathjaxReady, scrollThrough, visitUntypesetFormulas } from './page-actions.js';
import { startSite } from './site-server.js';

// Counts over the light DOM: rendered containers, lazy placeholders, unprotected rendered ones.
const census = () => {
  const containers = [...document.querySelectorAll('mjx-container')];
  const rendered = containers.filter((c) => c.querySelector('svg'));
  const protectedFrom = (c) => c.classList.contains('notranslate') || c.closest('[translate="no"]') !== null;
  const inView = (c) => {
    const r = c.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight;
  };
  return {
    sources: document.querySelectorAll('.math').length,
    containers: containers.length,
    rendered: rendered.length,
    lazy: document.querySelectorAll('mjx-lazy').length,
    lazyInView: [...document.querySelectorAll('mjx-lazy')].filter(inView).length,
    unprotected: rendered.filter((c) => !protectedFrom(c)).length,
    unmarked: rendered.filter((c) => !(c.classList.contains('notranslate') && c.getAttribute('translate') === 'no')).length,
    merror: document.querySelectorAll('mjx-merror').length,
    rawDelimiters: [...document.querySelectorAll('.math')].filter((m) => /\\[()[\]]/.test(m.textContent)).length,
  };
};

// The glyphs (character codes) of each rendered formula, in page order: what the reader sees.
const glyphSignatures = () =>
  [...document.querySelectorAll('.math')].map((m) =>
    [...m.querySelectorAll('svg [data-c]')].map((g) => g.getAttribute('data-c')).join(' '),
  );

// A mock translator, installed before the page's scripts run (translation switched on from the
// start): on every DOM change it upper-cases text nodes outside .notranslate / [translate=no].
// SVG formulas hold no text nodes once rendered, so what it can damage is TeX source that MathJax
// has not read yet: an unprotected \operatorname{lse} becomes \OPERATORNAME{LSE}.
const installMockTranslator = () => {
  const rewritten = new Set();
  const skip = (node) => node.parentElement?.closest('.notranslate, [translate="no"], script, style, noscript');
  const translate = () => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (rewritten.has(node) || skip(node) || !/[a-z]/.test(node.data)) continue;
      node.data = node.data.toUpperCase();
      rewritten.add(node);
    }
  };
  const start = () => {
    new MutationObserver(() => setTimeout(translate, 0)).observe(document.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['class', 'translate'],
    });
    translate();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
  window.__translator = {
    inFormulas: () => [...rewritten].filter((n) => n.parentElement?.closest('mjx-container, .math')).length,
    inProse: () => [...rewritten].filter((n) => n.isConnected && n.parentElement?.closest('p, h1, h2, h3, li')).length,
  };
};

// Waits until every formula source holds typeset SVG; a timeout is left to the census, which says what is missing.
const typesetOrCensus = (page) => allTypeset(page).catch(() => {});

describe('MathJax on the logsumexp page', () => {
  let site;
  let browser;
  before(async () => {
    site = await startSite();
    browser = await openBrowser({ mathSpeech: true });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  it('typesets lazily to SVG, protects every formula (also the late ones) and has no TeX errors', async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.goto(`${site.url}logsumexp/`);
    await mathjaxReady(page);
    await page.waitForSelector('mjx-container svg');

    const config = await page.evaluate(() => ({
      version: window.MathJax.version,
      lazyMargin: window.MathJax.startup.document.options.lazyMargin,
      fontCache: window.MathJax.config.svg.fontCache,
    }));
    assert.match(config.version, /^4\./);
    assert.equal(config.lazyMargin, '300px');
    assert.equal(config.fontCache, 'local');

    const first = await page.evaluate(census);
    assert.ok(first.sources >= 30, `the page has its formulas (${first.sources})`);
    assert.ok(first.rendered > 0, 'formulas near the top are rendered');
    assert.ok(first.lazy > 0, `formulas further down wait as lazy placeholders (${first.lazy})`);
    assert.equal(first.unprotected, 0, 'rendered formulas are protected');
    assert.equal(first.unmarked, 0, 'the render action marked each rendered formula');

    await scrollThrough(page);
    await typesetOrCensus(page);
    const last = await page.evaluate(census);
    assert.ok(last.rendered > first.rendered, `scrolling typeset more formulas (${first.rendered} -> ${last.rendered})`);
    assert.equal(last.rendered, last.sources, 'every formula source was rendered once scrolled past');
    assert.equal(last.lazyInView, 0, 'no placeholder is left in view');
    assert.equal(last.unprotected, 0, 'lazily typeset formulas are protected too');
    assert.equal(last.unmarked, 0, 'the render action also ran on lazy passes');
    assert.equal(last.merror, 0, 'no mjx-merror');
    assert.equal(last.rawDelimiters, 0, 'no raw TeX delimiters left');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('typesets the formulas scrolled past while the page is busy every frame', async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.goto(`${site.url}logsumexp/`);
    await mathjaxReady(page);
    // 25 ms of work in every animation frame (a page redrawing plots as results stream in) leaves
    // the browser no idle time: ui/lazy's idle callback must still run, by its deadline.
    await page.evaluate(() => {
      window.__busy = true;
      const work = () => {
        const end = performance.now() + 25;
        while (performance.now() < end);
        if (window.__busy) requestAnimationFrame(work);
      };
      requestAnimationFrame(work);
    });
    // Without a deadline no idle time ever comes, and formulas scrolled past stay untypeset for good.
    await scrollThrough(page);
    await typesetOrCensus(page);
    const busy = await page.evaluate(census);
    await page.evaluate(() => {
      window.__busy = false;
    });
    assert.equal(busy.rendered, busy.sources, 'every formula source was rendered once scrolled past, busy as the page was');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('a translator on from the start rewrites prose but leaves every formula as it was', async () => {
    const plain = await recordedPage(browser.context);
    await plain.page.goto(`${site.url}logsumexp/`);
    await mathjaxReady(plain.page);
    await scrollThrough(plain.page);
    await visitUntypesetFormulas(plain.page); // what is compared is the glyphs, not how fast they came
    const expected = await plain.page.evaluate(glyphSignatures);
    await plain.page.close();
    assert.ok(
      expected.every((g) => g.length > 0),
      'every formula has glyphs',
    );

    const { page, log } = await recordedPage(browser.context);
    await page.addInitScript(installMockTranslator);
    await page.goto(`${site.url}logsumexp/`);
    await mathjaxReady(page);
    await scrollThrough(page);
    await visitUntypesetFormulas(page);
    const counts = await page.evaluate(() => ({ formulas: window.__translator.inFormulas(), prose: window.__translator.inProse() }));
    assert.ok(counts.prose > 20, `prose was translated (${counts.prose} text nodes)`);
    assert.equal(counts.formulas, 0, 'no formula source or output was rewritten');
    assert.deepEqual(await page.evaluate(glyphSignatures), expected, 'every formula renders the same glyphs as without translation');
    assert.equal(await page.locator('mjx-merror').count(), 0);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('typesets everything left before printing', async () => {
    const { page } = await recordedPage(browser.context);
    await page.goto(`${site.url}logsumexp/`);
    await mathjaxReady(page);
    assert.ok((await page.locator('mjx-lazy').count()) > 0);
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.waitForFunction(() => document.querySelectorAll('mjx-lazy').length === 0, null, { timeout: 15_000 });
    const c = await page.evaluate(census);
    assert.equal(c.unmarked, 0);
    await page.close();
  });
});
