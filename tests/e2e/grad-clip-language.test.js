// The gradient clipping page and <mathlet-grad-clip> in Chinese and back: with 中文 chosen on the
// site, the page prose and every caption, option, message, legend, plot label and text alternative
// of the widget are Chinese (no English words left but the names that stay Latin), every formula is
// still typeset and protected from translators, the widget still computes (on the main thread and
// in the worker), and English comes back on the switch, pending messages included. An embedder can
// ask for Chinese on the element alone. Screenshots of the widget in Chinese (light and dark) and in
// English (dark) land in test-results/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage, screenshotDir } from './chromium-session.js';
import { englishWords } from './language-check.js';
import { mathjaxReady, nextFrames, stillWidget, toggleDetails, viewportTypeset, visitUntypesetFormulas } from './page-actions.js';
import { startSite } from './site-server.js';

const TAG = 'mathlet-grad-clip';
// Names that stay in Latin letters in the Chinese text: optimizers, softmax, the function names
// inside plot text alternatives (clip, sign, cos), the Shift key, the source's address, and top-k
// in the title of the previous article (the pager).
const ALLOWED = ['SGD', 'sign-SGD', 'Adam', 'softmax', 'clip', 'sign', 'cos', 'Shift', 'kexue', 'top-k'];
const HAN = /[\u4e00-\u9fff]/;

// englishWords() of language-check.js, with two stand-ins until the shared parts handle them:
// - its walk starts at a widget's shadow root, which has no getAttribute() (so it throws): here a
//   shadow root answers null, as it has no attributes;
// - MathJax reads formulas out in English (<mjx-speech aria-label="g sub t, math">; its speech rule
//   engine has no Chinese): those labels belong to the formulas, not to the prose, and are left out;
// - Observable Plot names its mark groups inside each chart (<g aria-label="x-axis tick">); the
//   chart is role="img", whose children screen readers never reach, so those are left out too.
async function englishLeft(page, selector) {
  await page.evaluate(() => {
    ShadowRoot.prototype.getAttribute ??= () => null;
  });
  const words = await page.evaluate(englishWords, { selector, allowed: ALLOWED });
  return words.filter((w) => !/^(mjx-speech|g)\[aria-label\]/.test(w.where));
}

// Per data-i18n element of the page: how many formulas it holds, and how many are typeset and protected.
const formulaCounts = () =>
  [...document.querySelectorAll('main [data-i18n]')].map((element) => {
    const formulas = [...element.querySelectorAll('.math')];
    return {
      key: element.dataset.i18n,
      formulas: formulas.length,
      typeset: formulas.filter((m) => m.querySelector('mjx-container svg')).length,
      protected: formulas.filter((m) => m.getAttribute('translate') === 'no' && m.classList.contains('notranslate')).length,
    };
  });
const widgetText = (widget, selector) => widget.evaluate((host, s) => host.shadowRoot.querySelector(s)?.textContent.trim(), selector);
const plotLabels = (host) => [...host.shadowRoot.querySelectorAll('.plot-frame svg')].map((svg) => svg.getAttribute('aria-label'));
const widgetLang = (host) => host.shadowRoot.querySelector('.widget')?.lang;

describe('gradient clipping in Chinese and English', () => {
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

  async function chooseLanguage(page, name, lang) {
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForFunction((l) => document.documentElement.dataset.languageReady === l, lang, { timeout: 15_000 });
    await nextFrames(page);
  }
  // Waits until no training run or sweep is computing, then for the frame that draws it.
  async function idle(page) {
    await page.waitForFunction((tag) => !document.querySelector(tag).dataset.busy, TAG, { timeout: 30_000 });
    await nextFrames(page);
  }

  // The page with every formula typeset and the widget loaded.
  async function openPage(context = browser.context) {
    const session = await recordedPage(context);
    await session.page.goto(`${site.url}gradient-clipping/`);
    await mathjaxReady(session.page);
    await visitUntypesetFormulas(session.page);
    const widget = session.page.locator(TAG);
    await widget.scrollIntoViewIfNeeded();
    await session.page.waitForSelector(`${TAG}[data-state=ready]`, { timeout: 30_000 });
    await visitUntypesetFormulas(session.page);
    return { ...session, widget };
  }

  it('page prose and widget speak Chinese, keep their formulas, keep working, and switch back', async () => {
    const { page, widget, log } = await openPage();
    const english = {
      formulas: await page.evaluate(formulaCounts),
      h1: await page.locator('h1').textContent(),
      title: await page.title(),
      plane: await widgetText(widget, '#plane-heading'),
      run: await widgetText(widget, '#run-heading > span'),
    };
    assert.ok(english.formulas.length >= 25, `prose blocks keyed (${english.formulas.length})`);
    assert.ok(
      english.formulas.every((f) => f.typeset === f.formulas && f.protected === f.formulas),
      'all typeset and protected in English',
    );

    await chooseLanguage(page, '中文', 'zh');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.equal(await page.title(), '梯度裁剪的默认阈值为什么是 1？ · mathlets');
    await page.waitForFunction((tag) => document.querySelector(tag).shadowRoot.querySelector('.widget').lang === 'zh-CN', TAG);
    await nextFrames(page);
    await toggleDetails(widget.locator('details.warmup'));
    await idle(page);
    assert.deepEqual(await englishLeft(page, 'main'), [], 'no English words left on the page or in the widget');
    assert.equal(await page.locator('.site-header > span').textContent(), '梯度裁剪');
    assert.deepEqual(await page.evaluate(formulaCounts), english.formulas, 'every formula kept in its block, typeset and protected');
    assert.equal(await widgetText(widget, '#plane-heading'), '裁剪保持方向不变');
    assert.equal(await widgetText(widget, '#run-heading > span'), '用同一个 τ 跑一次小型训练');
    const labels = await widget.evaluate(plotLabels);
    assert.equal(labels.length, 7);
    assert.ok(
      labels.every((label) => HAN.test(label)),
      `plot text alternatives in Chinese: ${labels.map((l) => l.slice(0, 30))}`,
    );
    assert.ok(
      await widget.evaluate((host) =>
        [...host.shadowRoot.querySelectorAll('.plot-frame svg text')].some((t) => t.textContent.includes('训练步数')),
      ),
      'the step axis label is Chinese',
    );
    assert.deepEqual(await widget.locator('#optimizer option').allTextContents(), ['SGD', 'sign-SGD（Adam 的近似）', 'Adam']);

    // It still computes: g typed (main thread), tau typed (the run comes back from the worker).
    await widget.getByRole('textbox', { name: 'g₁', exact: true }).fill('3');
    await widget.getByRole('textbox', { name: 'g₂', exact: true }).fill('4');
    await idle(page);
    assert.equal(Number(await widget.getAttribute('data-norm')), 5);
    const clipped = (await widget.getAttribute('data-clipped')).split(',').map(Number);
    [0.6, 0.8].forEach((v, i) => assert.ok(Math.abs(clipped[i] - v) < 1e-12, `clip((3, 4), 1) = (0.6, 0.8): ${clipped}`));
    const fraction = Number(await widget.getAttribute('data-clip-fraction'));
    await widget.getByRole('textbox', { name: 'τ，输入的值' }).fill('0.01');
    await idle(page);
    assert.equal(Number(await widget.getAttribute('data-clip-fraction')), 1, 'tau = 0.01 clips every step');
    assert.notEqual(fraction, 1);
    assert.match(await widget.locator('[aria-labelledby=run-heading] .summary').innerText(), /^裁剪在 100\.0% 的步中触发/);
    await widget.getByRole('combobox', { name: '分量的分布' }).selectOption('uniform');
    await idle(page);
    assert.match(
      await widget.locator('[aria-labelledby=sweep-heading] .summary').innerText(),
      /余弦为 0\.86\d/,
      'uniform components: cosine near √3/2',
    );

    // Messages in Chinese: a bad field, a bad attribute.
    const g2 = widget.getByRole('textbox', { name: 'g₂', exact: true });
    await g2.fill('abc');
    assert.equal(await widget.locator('#g-1-error').innerText(), 'g₂：不是数字');
    await g2.fill('4');
    await widget.evaluate((host) => host.setAttribute('g', '1 2 3'));
    await nextFrames(page);
    assert.equal(await widget.locator('.status').innerText(), '已忽略：g：需要恰好 2 个数（收到 3 个）。');
    assert.deepEqual(await englishLeft(page, 'main'), [], 'still Chinese after editing');
    await widget.screenshot({ path: join(screenshotDir, 'grad-clip-widget-zh.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await viewportTypeset(page);
    await page.screenshot({ path: join(screenshotDir, 'gradient-clipping-top-zh.png') });

    // Back to English: page, widget captions, plots and the pending message all follow.
    await chooseLanguage(page, 'English', 'en');
    assert.equal(await page.locator('h1').textContent(), english.h1);
    assert.equal(await page.title(), english.title);
    assert.deepEqual(await page.evaluate(formulaCounts), english.formulas, 'formulas kept after switching back');
    assert.equal(await widgetText(widget, '#plane-heading'), english.plane);
    assert.equal(await widgetText(widget, '#run-heading > span'), english.run);
    assert.equal(await widget.evaluate(widgetLang), 'en');
    assert.equal(await widget.locator('.status').innerText(), 'Ignored: g: exactly 2 numbers (got 3).');
    assert.ok(
      (await widget.evaluate(plotLabels)).every((label) => !HAN.test(label)),
      'plot text alternatives in English again',
    );
    assert.match(await widget.locator('[aria-labelledby=run-heading] .summary').innerText(), /^Clipping fired on 100\.0% of the steps/);
    assert.ok(!HAN.test(await widget.evaluate((host) => host.shadowRoot.textContent)), 'no Chinese left in the widget');
    assert.equal(await englishLeft(page, 'main').then((words) => words.length > 100), true, 'English prose is back');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('an embedder can ask for Chinese on the element alone', async () => {
    const { page, widget, log } = await openPage();
    await chooseLanguage(page, 'English', 'en'); // the site remembers the last choice
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await widget.evaluate((host) => host.setAttribute('lang', 'zh'));
    await page.waitForFunction((tag) => document.querySelector(tag).shadowRoot.querySelector('.widget').lang === 'zh-CN', TAG);
    await nextFrames(page);
    assert.deepEqual(await englishLeft(page, TAG), []);
    assert.match(await page.locator('h1').textContent(), /^Why is the default gradient-clipping norm 1\?/, 'the page stays English');
    await widget.evaluate((host) => host.removeAttribute('lang'));
    await page.waitForFunction((tag) => document.querySelector(tag).shadowRoot.querySelector('.widget').lang === 'en', TAG);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('screenshots of the widget in dark mode, Chinese and English', async () => {
    const dark = await openBrowser({ colorScheme: 'dark' });
    try {
      const { page, widget, log } = await openPage(dark.context);
      await chooseLanguage(page, '中文', 'zh');
      await widget.scrollIntoViewIfNeeded();
      await widget.getByRole('combobox', { name: '优化器' }).selectOption('adam');
      await widget.getByRole('combobox', { name: '分量的分布' }).selectOption('sparse');
      await toggleDetails(widget.locator('details.warmup')); // its Adam runs asked for
      await idle(page);
      await stillWidget(page, TAG);
      assert.deepEqual(await englishLeft(page, TAG), []);
      await widget.screenshot({ path: join(screenshotDir, 'grad-clip-widget-zh-dark.png') });
      // The same state in English (the dark screenshot of grad-clip-widget.test.js, taken here).
      await chooseLanguage(page, 'English', 'en');
      await page.waitForFunction((tag) => document.querySelector(tag).shadowRoot.querySelector('.widget').lang === 'en', TAG);
      await stillWidget(page, TAG);
      await widget.screenshot({ path: join(screenshotDir, 'grad-clip-widget-dark.png') });
      assert.deepEqual(log.errors, []);
    } finally {
      await dark.close();
    }
  });
});
