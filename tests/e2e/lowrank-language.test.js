// The CR and CUR pages and their widgets in Chinese and back: with 中文 chosen on the site, the page
// prose and every caption, option, message, legend, plot label and text alternative of the widget
// are Chinese (no English words left but the names that stay Latin), every formula is still typeset
// and protected from translators, the widget still computes (its inline and attribute messages in
// Chinese), and English comes back on the switch. Screenshots of both widgets in Chinese (light and
// dark) land in test-results/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage, screenshotDir } from './chromium-session.js';
import { englishWords } from './language-check.js';
import { eventually, mathjaxReady, nextFrames, visitUntypesetFormulas } from './page-actions.js';
import { startSite } from './site-server.js';

// Names that stay in Latin letters in the Chinese text: CR, CUR, SVD, DEIM, the rule top-r ("top-"
// where r is a formula), the worked examples T-C1/T-C2 (read as "T-C" by the checker, whose words
// are runs of letters), authors (Eckart–Young, Drineas, Kannan, Mahoney), Python, the source's address,
// and on the CUR page the next article's title (the Performer model's name).
const ALLOWED = {
  cr: ['CR', 'CUR', 'SVD', 'top-r', 'top-', 'T-C', 'Eckart', 'Young', 'Drineas', 'Kannan', 'Mahoney', 'Python', 'kexue'],
  cur: ['CUR', 'CR', 'SVD', 'DEIM', 'QR', 'ID', 'kexue', 'Performer'],
};
const CJK = /[\u4e00-\u9fff]/;

// Two work-arounds for the shared checker (language-check.js), as in the other language tests:
// a ShadowRoot has no getAttribute (the checker asks it), and the aria-labels Observable Plot puts
// on the <g> of each mark and MathJax's English speech labels (mjx-*) are never read out as text
// here (the chart's own label on its <svg role="img"> is still checked).
async function englishLeft(page, selector, allowed) {
  await page.evaluate(() => {
    ShadowRoot.prototype.getAttribute ??= () => null;
  });
  const found = await page.evaluate(englishWords, { selector, allowed });
  return found.filter((f) => !/^(g|mjx-[\w-]+)\[aria-label\]: /.test(f.where));
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

const PAGES = [
  {
    kind: 'cr',
    slug: 'cr-approximation',
    tag: 'mathlet-cr',
    title: 'CR：用抽样近似矩阵乘积 · mathlets',
    headline: '只用 r 个列–行项来近似 XY',
    english: 'Approximating XY from r of its column–row terms',
    // Edit: r to 3 through the typed field (its accessible name stays "r, ..." in both languages).
    async edit(widget, page) {
      const before = await widget.getAttribute('data-draws');
      await widget.getByRole('textbox', { name: /^r，/ }).fill('3');
      await page.waitForFunction(() => document.querySelector('mathlet-cr').dataset.r === '3');
      assert.notEqual(await widget.getAttribute('data-draws'), before, 'a new r gives a new estimate');
      assert.equal((await widget.getAttribute('data-draws')).split(',').length, 3);
    },
  },
  {
    kind: 'cur',
    slug: 'cur-decomposition',
    tag: 'mathlet-cur',
    title: 'CUR 分解：用矩阵自己的行与列重建它 · mathlets',
    headline: 'CUR：只用 M 自己的 r 列与 r 行来重建它',
    english: 'CUR: M rebuilt from r of its own columns and rows',
    async edit(widget, page) {
      const before = Number(await widget.getAttribute('data-error'));
      await widget.getByRole('textbox', { name: /^r，/ }).fill('3');
      await page.waitForFunction(() => document.querySelector('mathlet-cur').dataset.r === '3');
      assert.ok(Number(await widget.getAttribute('data-error')) > before, 'a smaller rank gives a larger error');
    },
  },
];

describe('CR and CUR in Chinese and English', () => {
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

  async function openPage(spec, { context = browser.context, lang = 'en' } = {}) {
    const session = await recordedPage(context);
    await session.page.addInitScript((l) => localStorage.setItem('mathlets-lang', l), lang);
    await session.page.goto(`${site.url}${spec.slug}/`);
    await mathjaxReady(session.page);
    await visitUntypesetFormulas(session.page);
    const widget = session.page.locator(spec.tag);
    await widget.evaluate((host) => host.scrollIntoView({ block: 'start' }));
    await session.page.waitForSelector(`${spec.tag}[data-state=ready]`, { timeout: 60_000 });
    await visitUntypesetFormulas(session.page);
    await widget.evaluate((host) => host.scrollIntoView({ block: 'start' }));
    return { ...session, widget };
  }
  const widgetText = (widget, selector) => widget.evaluate((host, s) => host.shadowRoot.querySelector(s)?.textContent.trim(), selector);

  for (const spec of PAGES) {
    it(`${spec.slug}: page and widget speak Chinese, keep their formulas, keep working, and switch back`, async () => {
      const { page, widget, log } = await openPage(spec);
      const english = { formulas: await page.evaluate(formulaCounts), h1: await page.locator('h1').textContent() };
      assert.ok(english.formulas.length >= 30, `prose blocks keyed (${english.formulas.length})`);
      assert.ok(
        english.formulas.every((f) => f.typeset === f.formulas && f.protected === f.formulas),
        'all typeset and protected in English',
      );
      assert.equal(await widgetText(widget, 'h2'), spec.english);

      await chooseLanguage(page, '中文', 'zh');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
      assert.equal(await page.title(), spec.title);
      await page.waitForFunction((tag) => document.querySelector(tag).shadowRoot.querySelector('.widget').lang === 'zh-CN', spec.tag);
      await page.waitForSelector(`${spec.tag}[data-curves=done]`, { timeout: 60_000 });
      await nextFrames(page);
      assert.deepEqual(await englishLeft(page, 'main', ALLOWED[spec.kind]), [], 'no English words left on the page or in the widget');
      assert.deepEqual(await englishLeft(page, '.site-header > span', ALLOWED[spec.kind]), [], 'the series line in the header');
      assert.deepEqual(await page.evaluate(formulaCounts), english.formulas, 'every formula kept in its block, typeset and protected');
      assert.equal(await widgetText(widget, 'h2'), spec.headline);
      const labels = await widget.evaluate((host) =>
        [...host.shadowRoot.querySelectorAll('.plot-frame svg, .heatmap canvas')].map((image) => image.getAttribute('aria-label')),
      );
      assert.ok(
        labels.length >= 4 && labels.every((label) => CJK.test(label)),
        `plot text alternatives in Chinese: ${labels.map((l) => l.slice(0, 24))}`,
      );
      const axisText = await widget.evaluate((host) =>
        [...host.shadowRoot.querySelectorAll('.plot-frame svg text')].map((t) => t.textContent).join(' '),
      );
      assert.match(axisText, /对数刻度/, 'the error plot axis is labelled in Chinese');
      const options = await widget.evaluate((host) => [...host.shadowRoot.querySelectorAll('option')].map((o) => o.textContent));
      assert.ok(
        options.every((o) => CJK.test(o) || /^(DEIM)$/.test(o)),
        `menu options in Chinese: ${options}`,
      );

      // It still computes, and its messages are Chinese: a typed r, a bad seed, a bad attribute.
      await spec.edit(widget, page);
      const seed = widget.locator('#seed');
      await seed.fill('abc');
      await nextFrames(page);
      assert.equal(await widget.locator('#seed-error').innerText(), 'seed：不是数字');
      await seed.fill('7');
      await widget.evaluate((host) => host.setAttribute('seed', 'lucky'));
      await eventually(async () => assert.equal(await widget.locator('.status').innerText(), '已忽略：seed：不是数字。'));
      assert.equal(await widget.getByRole('button', { name: '复制链接' }).count(), 1, 'the copy-link button speaks Chinese');

      // Back to English: the same widget, in English again, with no Chinese left in it.
      await chooseLanguage(page, 'English', 'en');
      assert.equal(await page.locator('h1').textContent(), english.h1);
      await page.waitForFunction((tag) => document.querySelector(tag).shadowRoot.querySelector('.widget').lang === 'en', spec.tag);
      await nextFrames(page);
      assert.equal(await widgetText(widget, 'h2'), spec.english);
      assert.equal(await widget.locator('.status').innerText(), 'Ignored: seed: not a number.', 'the message on screen follows the switch');
      const left = await widget.evaluate(
        (host) =>
          host.shadowRoot.textContent +
          [...host.shadowRoot.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label')).join(' '),
      );
      assert.doesNotMatch(left, CJK, 'no Chinese left in the widget');
      assert.deepEqual(await page.evaluate(formulaCounts), english.formulas);
      assert.deepEqual(log.errors, []);
      await page.close();
    });
  }

  it('screenshots: both widgets in Chinese, light and dark', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const session = colorScheme === 'light' ? { context: browser.context, close: async () => {} } : await openBrowser({ colorScheme });
      try {
        for (const spec of PAGES) {
          const { page, widget, log } = await openPage(spec, { context: session.context, lang: 'zh' });
          await page.waitForSelector(`${spec.tag}[data-curves=done]`, { timeout: 60_000 });
          await nextFrames(page); // the last rank of the curves is drawn in the frame after it arrived
          assert.match(await widgetText(widget, 'h2'), CJK);
          await widget.screenshot({ path: join(screenshotDir, `${spec.kind}-widget-zh${colorScheme === 'dark' ? '-dark' : ''}.png`) });
          assert.deepEqual(log.errors, []);
          await page.close();
        }
      } finally {
        await session.close();
      }
    }
  });
});
