// The pseudo-inverse page and <mathlet-pinv> in Chinese: with 中文 chosen the page prose and every
// word the widget shows or reads out (headings, hints, options, notes, plot text alternatives,
// aria-labels) are Chinese, except names that stay Latin in Chinese prose; formulas stay typeset
// and protected; the widget still computes; English comes back with the English button; an
// embedder's lang="zh" on the element alone works too. Screenshots in Chinese, light and dark.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage, screenshotDir } from './chromium-session.js';
import { englishWords } from './language-check.js';
import { formulaCensus, mathjaxReady, nextFrames, scrollThrough, viewportTypeset, visitUntypesetFormulas } from './page-actions.js';
import { startSite } from './site-server.js';

const TAG = 'mathlet-pinv';
// Names that stay in Latin letters in Chinese writing about the pseudo-inverse.
const ALLOWED = ['SVD', 'COD', 'QR', 'CUR', 'Jacobi', 'Penrose', 'Moore', 'Frobenius', 'kexue', 'rtol'];

describe('the pseudo-inverse page and <mathlet-pinv> in Chinese', () => {
  let site;
  let browser;
  before(async () => {
    site = await startSite();
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  const chooseLanguage = async (page, name, lang) => {
    await page.locator('.language-switch button', { hasText: name }).click();
    await page.waitForFunction((l) => document.documentElement.dataset.languageReady === l, lang, { timeout: 10_000 });
    await nextFrames(page);
  };
  // englishWords() of language-check.js, with three stand-ins until it handles them itself:
  // - it reads attributes of every node it walks, shadow roots included, which have none;
  // - MathJax speaks each formula in English (<mjx-speech aria-label="A B equals M, math">; its
  //   speech engine has no Chinese): those labels belong to the formulas, not to the prose;
  // - Observable Plot names the mark groups inside a chart (<g aria-label="x-axis tick">), which
  //   screen readers never reach: the chart is role="img" with our own (Chinese) label.
  const leftover = async (page, selector) => {
    await page.evaluate(() => {
      ShadowRoot.prototype.getAttribute ??= () => null;
    });
    const words = await page.evaluate(englishWords, { selector, allowed: ALLOWED });
    return words.filter((w) => !/^(mjx-speech|g)\[aria-label\]/.test(w.where));
  };
  const pinvShown = (page) => page.locator(TAG).getAttribute('data-pinv');

  it('switches the page and the widget to Chinese and back, formulas intact, the widget working', async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.addInitScript(() => localStorage.setItem('mathlets-lang', 'en')); // start in English whatever ran before
    await page.goto(`${site.url}pseudo-inverse/`);
    await mathjaxReady(page);
    await chooseLanguage(page, '中文', 'zh');
    await scrollThrough(page, { step: 500 });
    await page.waitForSelector(`${TAG}[data-state=ready][data-curve=ready]`, { timeout: 30_000 });
    await visitUntypesetFormulas(page); // waits until every formula is typeset (visiting any a fast scroll passed by)
    await nextFrames(page);

    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.match(await page.title(), /^伪逆：/);
    assert.equal(await page.locator('.site-header > span').innerText(), '低秩近似之路 · 第一篇');
    assert.deepEqual(await leftover(page, 'main'), [], 'no English left in the page prose or the widget');
    const widget = page.locator(TAG);
    assert.equal(await widget.locator('h2').innerText(), '你的矩阵的伪逆');
    assert.equal(
      await widget.evaluate((host) => host.shadowRoot.querySelector('.widget').lang),
      'zh-CN',
      'the widget root says it is Chinese',
    );
    assert.match(await widget.locator('.chip.tolerance').innerText(), /^奇异值的容差 τ =\s+1\.1e−14$/);

    const census = await page.evaluate(formulaCensus);
    assert.equal(census.rendered, census.sources, 'every formula is still typeset');
    assert.equal(census.unprotectedSources + census.unprotected, 0, 'and protected from translation');
    assert.equal(census.merror, 0);

    // The widget works in Chinese, and its computed messages are Chinese too.
    const before = await pinvShown(page);
    await widget.getByRole('textbox', { name: 'A[0][0]', exact: true }).fill('2');
    await nextFrames(page);
    assert.notEqual(await pinvShown(page), before, 'editing a cell changes A⁺');
    await widget.getByRole('combobox', { name: /的算法/ }).selectOption('eig');
    await widget.getByRole('combobox', { name: '示例' }).selectOption('ill-conditioned');
    await page.waitForSelector(`${TAG}[data-curve=ready]`);
    await nextFrames(page);
    assert.match(await widget.locator('.penrose-note').innerText(), /特征值路线看到的秩是 1，SVD 看到的却是 2/);
    assert.match(await widget.locator('.chip.tolerance').innerText(), /AᵀA 特征值的容差/);
    assert.deepEqual(await leftover(page, TAG), [], "the eigen route's notes and hints are Chinese");
    await widget.getByRole('combobox', { name: /的算法/ }).selectOption('cod');
    await widget.getByRole('textbox', { name: 'rtol，输入的值' }).fill('abc');
    assert.equal(await widget.locator('#rtol-error').innerText(), 'rtol：不是数字', 'field messages are Chinese');
    await widget.getByRole('textbox', { name: 'rtol，输入的值' }).fill('1e-8');
    await nextFrames(page);
    assert.deepEqual(await leftover(page, TAG), [], 'the COD hints are Chinese');
    await widget.scrollIntoViewIfNeeded();
    await widget.screenshot({ path: join(screenshotDir, 'pinv-widget-zh-cod.png') });

    // Back to English: the page and the widget follow.
    await chooseLanguage(page, 'English', 'en');
    assert.equal(await page.locator('h1').innerText(), 'The pseudo-inverse: an inverse for every matrix');
    assert.equal(await widget.locator('h2').innerText(), 'The pseudo-inverse of your matrix');
    assert.match(await widget.locator('.chip.tolerance').innerText(), /^tolerance on the QR pivots τ =\s+\d/);
    assert.equal(await widget.locator('#rtol-error').isVisible(), false);
    assert.ok((await leftover(page, 'main')).length > 100, 'English is back');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('an embedder\'s lang="zh" on the element makes the widget Chinese on an English page', async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.addInitScript(() => localStorage.setItem('mathlets-lang', 'en')); // the page itself in English
    await page.goto(`${site.url}pseudo-inverse/#demo`);
    const widget = page.locator(TAG);
    await widget.scrollIntoViewIfNeeded();
    await page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
    await widget.evaluate((host) => host.setAttribute('lang', 'zh'));
    await nextFrames(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.deepEqual(await leftover(page, TAG), []);
    assert.equal(await widget.getByRole('button', { name: '复制链接' }).count(), 1);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('screenshots: the widget in Chinese, light and dark (remembered choice)', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const session = colorScheme === 'light' ? browser : await openBrowser({ colorScheme });
      try {
        const { page, log } = await recordedPage(session.context);
        await page.addInitScript(() => localStorage.setItem('mathlets-lang', 'zh'));
        await page.goto(`${site.url}pseudo-inverse/#demo&pinv=preset:rank-one;eps:1e-12`);
        await page.waitForSelector(`${TAG}[data-state=ready][data-curve=ready]`, { timeout: 30_000 });
        await page.waitForFunction(() => document.documentElement.dataset.languageReady === 'zh');
        await nextFrames(page);
        assert.deepEqual(await leftover(page, TAG), []);
        await page.locator(TAG).screenshot({ path: join(screenshotDir, `pinv-widget-zh-${colorScheme}.png`) });
        if (colorScheme === 'light') {
          await page.evaluate(() => window.scrollTo(0, 0));
          await mathjaxReady(page);
          await viewportTypeset(page);
          await nextFrames(page);
          await page.screenshot({ path: join(screenshotDir, 'pinv-page-top-zh.png') });
        }
        assert.deepEqual(log.errors, []);
        await page.close();
      } finally {
        if (session !== browser) await session.close();
      }
    }
  });
});
