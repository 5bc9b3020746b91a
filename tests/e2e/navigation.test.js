// Navigation and the index (demos/site-nav.js): a header menu of every article (a disclosure
// button that works by keyboard), previous/next links chaining the articles in menu order, index
// cards with a static preview picture each (no wasm on the index), the language switch (English /
// 中文: remembered, defaulting to the browser's language, formulas kept), dark mode across page
// and widgets, and a text alternative on every plot.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { isWasm, openBrowser, recordedPage, screenshotDir } from './chromium-session.js';
import { startSite } from './site-server.js';
import { eventually } from './page-actions.js';

const demos = join(dirname(fileURLToPath(import.meta.url)), '../../demos');
const zh = JSON.parse(readFileSync(join(demos, 'i18n/zh.json'), 'utf8'));
const ARTICLES = [
  'logsumexp',
  'smooth-topk',
  'gradient-clipping',
  'pseudo-inverse',
  'cr-approximation',
  'cur-decomposition',
  'performer',
  'nystromformer',
  'entropy-invariant-attention',
  'cur-retrieval',
];

describe('navigation, index, language and dark mode', () => {
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

  it('the header menu lists every article and works by keyboard', async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.goto(`${site.url}logsumexp/`);
    const button = page.getByRole('button', { name: 'Articles' });
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    await button.focus();
    await page.keyboard.press('Enter');
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    const links = page.locator('#article-menu a');
    assert.deepEqual(await links.evaluateAll((as) => as.map((a) => new URL(a.href).pathname.split('/').at(-2))), ARTICLES);
    assert.equal(
      await page.evaluate(() => document.activeElement.textContent),
      await links.first().textContent(),
      'focus moves into the menu',
    );
    assert.equal(await page.locator('#article-menu a[aria-current=page]').textContent(), await page.locator('h1').textContent());
    await page.keyboard.press('Escape');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('menu-button')), true, 'focus returns to the button');
    await button.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // follows the second link
    await page.waitForURL(/smooth-topk\/$/);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('previous/next links chain every article in menu order', async () => {
    const { page } = await recordedPage(browser.context);
    for (const [i, slug] of ARTICLES.entries()) {
      await page.goto(`${site.url}${slug}/`);
      const prev = page.locator('.pager a[rel=prev]');
      const next = page.locator('.pager a[rel=next]');
      assert.equal(await prev.count(), i > 0 ? 1 : 0, `${slug}: previous link`);
      assert.equal(await next.count(), i < ARTICLES.length - 1 ? 1 : 0, `${slug}: next link`);
      if (i > 0) assert.match(await prev.getAttribute('href'), new RegExp(`${ARTICLES[i - 1]}/$`));
      if (i < ARTICLES.length - 1) assert.match(await next.getAttribute('href'), new RegExp(`${ARTICLES[i + 1]}/$`));
      assert.ok(await page.locator('nav.pager').getAttribute('aria-label'));
    }
    await page.close();
  });

  it('the index shows a static preview for each article and loads no wasm', async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.goto(site.url);
    const previews = await page
      .locator('.articles .card-preview')
      .evaluateAll((imgs) => imgs.map((img) => ({ src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0 })));
    assert.equal(previews.length, ARTICLES.length);
    assert.ok(
      previews.every((p) => p.loaded),
      JSON.stringify(previews),
    );
    assert.deepEqual(log.requests.filter(isWasm), []);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('switches to Chinese and back, remembers the choice and keeps formulas', async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.goto(`${site.url}smooth-topk/`);
    await page.getByRole('button', { name: '中文' }).click();
    // The article's Chinese prose is fetched first (a chunk of its own); then the page switches.
    await page.waitForFunction(() => document.documentElement.dataset.languageReady === 'zh', null, { timeout: 15_000 });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.equal(await page.locator('h1').textContent(), zh['nav.smooth-topk']);
    assert.equal(await page.locator('.lede .math').count(), 1, 'the formula in the lede is kept');
    assert.ok((await page.locator('.lede').textContent()).startsWith('softmax 是'));
    assert.equal(await page.getByRole('button', { name: '中文' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('.pager a[rel=next] .pager-label').textContent(), zh['nav.next']);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.languageReady === 'zh', null, { timeout: 15_000 });
    assert.equal(await page.locator('h1').textContent(), zh['nav.smooth-topk'], 'remembered after a reload');
    await page.getByRole('button', { name: 'English' }).click();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.match(await page.locator('.lede').textContent(), /^Softmax is a smooth way/);
    assert.equal(await page.locator('.lede .math').count(), 1);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('defaults to Chinese for a Chinese browser', async () => {
    const chinese = await openBrowser({ locale: 'zh-CN' });
    try {
      const { page } = await recordedPage(chinese.context);
      await page.goto(site.url);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
      assert.equal(await page.locator('h1').textContent(), zh['index.h1']);
    } finally {
      await chinese.close();
    }
  });

  it('dark mode reaches page and widgets, and every plot has a text alternative', async () => {
    const dark = await openBrowser({ colorScheme: 'dark' });
    try {
      const { page, log } = await recordedPage(dark.context);
      for (const slug of ARTICLES) {
        await page.goto(`${site.url}${slug}/#demo`);
        const host = page
          .locator(
            'mathlet-logsumexp, mathlet-smooth-topk, mathlet-grad-clip, mathlet-pinv, mathlet-cr, mathlet-cur, mathlet-performer, mathlet-nystromformer, mathlet-entropy-attention, mathlet-cur-retrieval',
          )
          .first();
        await host.scrollIntoViewIfNeeded();
        await page.waitForSelector('[data-state=ready]', { timeout: 30_000 });
        const look = await host.evaluate((h) => {
          const luminance = (color) => {
            const [r, g, b] = color.match(/\d+(\.\d+)?/g).map(Number);
            return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
          };
          const svgs = [...h.shadowRoot.querySelectorAll('svg')].filter((s) => !s.parentElement.closest('svg'));
          return {
            page: luminance(
              getComputedStyle(document.body).backgroundColor === 'rgba(0, 0, 0, 0)'
                ? getComputedStyle(document.documentElement).backgroundColor
                : getComputedStyle(document.body).backgroundColor,
            ),
            widget: luminance(getComputedStyle(h.shadowRoot.querySelector('.widget')).backgroundColor),
            text: luminance(getComputedStyle(h.shadowRoot.querySelector('.widget')).color),
            inputs: [...h.shadowRoot.querySelectorAll('input[type=text]')].map((i) => luminance(getComputedStyle(i).backgroundColor)),
            plots: svgs.length,
            unlabelled: svgs.filter(
              (s) =>
                s.getAttribute('aria-hidden') !== 'true' &&
                !(s.getAttribute('role') === 'img' && (s.getAttribute('aria-label') ?? '').length > 20),
            ).length,
          };
        });
        assert.ok(look.page < 0.2 && look.widget < 0.2, `${slug}: dark page and widget (${look.page}, ${look.widget})`);
        assert.ok(look.text > 0.7, `${slug}: light text`);
        assert.ok(
          look.inputs.every((l) => l < 0.2),
          `${slug}: dark fields`,
        );
        assert.ok(look.plots > 0);
        assert.equal(look.unlabelled, 0, `${slug}: every plot has role=img and a label listing its numbers`);
      }
      assert.deepEqual(log.errors, []);
      await page.close();
    } finally {
      await dark.close();
    }
  });

  it("charts follow a change of the reader's light or dark preference, without a reload", async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.goto(`${site.url}logsumexp/#demo`);
    const host = page.locator('mathlet-logsumexp').first();
    await host.scrollIntoViewIfNeeded();
    await page.waitForSelector('mathlet-logsumexp[data-state=ready]', { timeout: 30_000 });
    // The luminance of each chart's text colour (Plot sets it on the chart's <svg>).
    const chartText = () =>
      host.evaluate((h) =>
        [...h.shadowRoot.querySelectorAll('.plot-frame > svg')].map((svg) => {
          const [r, g, b] = getComputedStyle(svg)
            .color.match(/\d+(\.\d+)?/g)
            .map(Number);
          return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        }),
      );
    const light = await chartText();
    assert.ok(light.length > 0 && light.every((l) => l < 0.4), `dark chart text on light: ${light}`);
    await page.emulateMedia({ colorScheme: 'dark' });
    await eventually(
      async () => {
        const dark = await chartText();
        assert.equal(dark.length, light.length, 'the same charts, redrawn');
        assert.ok(
          dark.every((l) => l > 0.7),
          `light chart text on dark: ${dark}`,
        );
      },
      { timeout: 10_000 },
    );
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  for (const colorScheme of ['light', 'dark']) {
    it(`screenshots of two article pages with navigation and widget (${colorScheme})`, async () => {
      const themed = await openBrowser({ colorScheme });
      try {
        const { page, log } = await recordedPage(themed.context);
        for (const slug of ['logsumexp', 'gradient-clipping']) {
          await page.goto(`${site.url}${slug}/`);
          await page.screenshot({ path: join(screenshotDir, `site-${slug}-top-${colorScheme}.png`) });
          await page.locator('[data-state]').first().scrollIntoViewIfNeeded();
          await page.waitForSelector('[data-state=ready]', { timeout: 30_000 });
          await page.evaluate(() => window.scrollBy(0, -120));
          await page.screenshot({ path: join(screenshotDir, `site-${slug}-demo-${colorScheme}.png`) });
        }
        assert.deepEqual(log.errors, []);
      } finally {
        await themed.close();
      }
    });
  }
});
