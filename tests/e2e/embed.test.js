// The widgets in someone else's page: demos/blog-post/ is a plain HTML blog post with one script tag
// (the prebuilt bundle, served next to it), several widgets of every kind, an aggressive theme
// (resets, a 22px root font, !important rules on div, span, p, button, input, svg...) and a strict
// Content-Security-Policy (no 'unsafe-inline', no 'unsafe-eval'). Each widget must load with no CSP
// violation and no console error, look as it does on the site (same size, same computed styles of
// its inner elements), react to editing, follow the reader's dark mode, speak the language of the
// section it sits in, and leave every style of the host page as it was.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { externalRequests, openBrowser, recordedPage, screenshotDir } from './chromium-session.js';
import { buildEmbedBundle, serveEmbedPage } from './embed-server.js';
import { startSite } from './site-server.js';
import { eventually, nextFrames, widgetsSettled } from './page-actions.js';
import { englishWords } from './language-check.js';
import { describeViolations, violationsInBothSchemes } from './axe-audit.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');

// Each kind of widget and the site page that shows it.
const KINDS = {
  'mathlet-logsumexp': 'logsumexp/',
  'mathlet-smooth-topk': 'smooth-topk/',
  'mathlet-grad-clip': 'gradient-clipping/',
  'mathlet-pinv': 'pseudo-inverse/',
  'mathlet-cr': 'cr-approximation/',
  'mathlet-cur': 'cur-decomposition/',
  'mathlet-performer': 'performer/',
  'mathlet-nystromformer': 'nystromformer/',
  'mathlet-entropy-attention': 'entropy-invariant-attention/',
  'mathlet-cur-retrieval': 'cur-retrieval/',
};
const COMPARED_WIDTH = 900; // both pages give the compared widget this width

// Records CSP violations from the first script on.
const recordViolations = () => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${e.violatedDirective}: ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
  });
};

// The computed styles of the host page's own elements (everything outside the widgets), minus
// properties that follow from the widgets' heights (a figure grows when its widget replaces the
// placeholder).
const hostStyles = (tags) => {
  const sizeDependent = /(^|-)(height|block-size|origin)$|^inset|^bottom$/;
  const out = {};
  const elements = [document.documentElement, document.body, ...document.body.querySelectorAll(`*:not(:is(${tags.join(', ')}))`)];
  elements.forEach((element, i) => {
    const style = getComputedStyle(element);
    const entries = [];
    for (let k = 0; k < style.length; k++) {
      const name = style[k];
      if (!sizeDependent.test(name)) entries.push(`${name}:${style.getPropertyValue(name)}`);
    }
    const first = getComputedStyle(element, '::first-letter');
    out[`${i} ${element.tagName.toLowerCase()}${element.className ? '.' + element.className : ''}`] =
      `${entries.join(';')} | first-letter ${first.fontSize} ${first.color}`;
  });
  return {
    elements: out,
    sheets: document.styleSheets.length,
    adopted: document.adoptedStyleSheets.length,
    styleElements: document.querySelectorAll('style').length,
    styleAttributes: [...document.querySelectorAll('[style]')].filter((e) => !e.localName.startsWith('mathlet-')).length,
  };
};

// Size of the host and computed styles of key inner elements: what a reader sees.
const widgetLook = (host) => {
  const root = host.shadowRoot;
  const selectors = [
    '.widget',
    '.panel',
    'h2',
    'h3',
    'p',
    '.hint',
    'button',
    'input[type=text]',
    'input[type=range]',
    'label',
    'var',
    '.sym',
    'svg',
    'svg text',
    'legend',
    'select',
  ];
  const properties = [
    'font-family',
    'font-size',
    'line-height',
    'font-weight',
    'font-style',
    'color',
    'letter-spacing',
    'word-spacing',
    'text-transform',
    'text-align',
    'text-indent',
    'text-shadow',
    'background-color',
    'border-top-width',
    'border-top-style',
    'border-top-color',
    'padding-top',
    'padding-left',
    'margin-top',
    'fill',
    'stroke',
    'box-sizing',
    'white-space',
    'cursor',
    'display',
  ];
  const elements = {};
  for (const selector of selectors) {
    const element = root.querySelector(selector);
    if (!element) continue;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    elements[selector] = {
      style: Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)])),
      width: box.width,
      height: box.height,
    };
  }
  const box = host.getBoundingClientRect();
  return { width: box.width, height: box.height, elements };
};

// What the widget currently shows: its data-* readouts and the text of its shadow root.
const shownOutput = (host) => JSON.stringify({ ...host.dataset, state: undefined }) + host.shadowRoot.textContent;

describe('widgets embedded in a hostile blog post with a strict CSP', () => {
  let bundle;
  let blog;
  let site;
  let browser;
  // The blog, loaded once with every widget ready, for all the tests below. They run in this order:
  // first those that only read it, then those that change it (language, colour scheme, widths and
  // values, the policy canary), each leaving what the next one reads as it found it.
  let loaded;
  before(async () => {
    bundle = await buildEmbedBundle();
    blog = await serveEmbedPage(bundle.dir);
    site = await startSite();
    browser = await openBrowser();
    loaded = await openBlog();
  });
  after(async () => {
    await browser?.close();
    await blog?.close();
    await site?.close();
    bundle?.remove();
  });

  // The blog with every widget loaded (scrolled into view one by one).
  async function openBlog() {
    const session = await recordedPage(browser.context);
    await session.page.addInitScript(recordViolations);
    await session.page.goto(blog.url);
    const kinds = await session.page.evaluate(
      (tags) => tags.filter((t) => customElements.get(t) && document.querySelector(t)),
      Object.keys(KINDS),
    );
    const widgets = await session.page.evaluate((tags) => [...document.querySelectorAll(tags.join(','))].map((e) => e.id), kinds);
    for (const id of widgets) {
      await session.page.locator(`#${id}`).scrollIntoViewIfNeeded();
      await session.page.waitForSelector(`#${id}[data-state=ready]`, { timeout: 30_000 });
    }
    await nextFrames(session.page);
    return { ...session, kinds, widgets };
  }

  it('loads every widget with one script tag, with no CSP violation, console error or outside request', async () => {
    const { page, log, kinds, widgets } = loaded;
    assert.deepEqual(kinds, Object.keys(KINDS), 'every kind of widget is on the page');
    for (const kind of kinds) {
      assert.ok((await page.locator(kind).count()) >= 2, `${kind} is on the page more than once`);
    }
    assert.equal(widgets.length, await page.locator(kinds.join(',')).count(), 'every widget loaded');
    assert.equal(await page.locator('script').count(), 1, 'one script tag');
    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no CSP violations');
    assert.deepEqual(log.errors, [], 'no console or page errors');
    assert.deepEqual(log.failed, []);
    assert.deepEqual(externalRequests(log, blog.origin), [], 'no request leaves the origin');
    assert.ok(
      log.requests.some((url) => url.endsWith('.wasm')),
      'the wasm loaded',
    );
  });

  it("leaves the host page's styles exactly as they were", async () => {
    const bare = await recordedPage(browser.context);
    await bare.page.route(/mathlets-widgets\.js$/, (route) => route.abort());
    await bare.page.goto(blog.url);
    await bare.page.evaluate(() => document.fonts.ready);
    const before = await bare.page.evaluate(hostStyles, Object.keys(KINDS));
    await bare.page.close();

    const { page } = loaded;
    await page.evaluate(() => document.fonts.ready);
    const afterLoad = await page.evaluate(hostStyles, Object.keys(KINDS));
    assert.ok(Object.keys(before.elements).length > 20, 'the page has its elements');
    assert.deepEqual(Object.keys(afterLoad.elements), Object.keys(before.elements), 'no element added to or removed from the page');
    for (const key of Object.keys(before.elements)) {
      assert.equal(afterLoad.elements[key], before.elements[key], `computed style of ${key}`);
    }
    assert.deepEqual(
      { ...afterLoad, elements: null },
      { ...before, elements: null },
      'no stylesheet, <style> or style attribute added to the page',
    );
  });

  it('axe-core finds no WCAG 2.1 A/AA violation, light and dark', async () => {
    const violations = await violationsInBothSchemes(loaded.page);
    assert.equal(violations.length, 0, `axe-core violations on the blog post:\n${describeViolations(violations)}`);
  });

  it('a widget in a section marked lang="zh-CN" speaks Chinese, the others English, and follows the section', async () => {
    const { page } = loaded;
    const allowed = ['CUR', 'DEIM', 'QR', 'SVD', 'NaN'];
    const chinese = (id) => page.locator(id).evaluate((h) => /[\u4e00-\u9fff]/.test(h.shadowRoot.textContent));
    assert.deepEqual(await page.evaluate(englishWords, { selector: '#cur-zh', allowed }), []);
    assert.equal(await chinese('#cur-zh'), true);
    assert.equal(await chinese('#cur'), false);
    // The host switches the section to English, and back: the widget follows at once.
    await page.evaluate(() => document.querySelector('section[lang]').setAttribute('lang', 'en'));
    await nextFrames(page);
    assert.equal(await chinese('#cur-zh'), false);
    await page.evaluate(() => document.querySelector('section[lang]').setAttribute('lang', 'zh-CN'));
    await nextFrames(page);
    assert.equal(await chinese('#cur-zh'), true);
  });

  it('screenshots of the blog post, light and dark (the reader switches while reading)', async () => {
    const { page, log } = loaded;
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      await nextFrames(page);
      await page.locator('#lse-basic').scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, -260));
      await page.screenshot({ path: join(screenshotDir, `embed-blog-${colorScheme}.png`) });
      await page.locator('#topk').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshotDir, `embed-blog-topk-${colorScheme}.png`) });
      await page.locator('#cur-zh').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshotDir, `embed-blog-zh-${colorScheme}.png`) });
      // Every widget follows the reader's colour scheme, whatever the host's theme does.
      const shades = await page.evaluate(() =>
        [...document.querySelectorAll('[data-state=ready]')].map((host) => {
          const [r, g, b] = getComputedStyle(host.shadowRoot.querySelector('.widget'))
            .backgroundColor.match(/\d+(\.\d+)?/g)
            .map(Number);
          return { id: host.id, luminance: (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 };
        }),
      );
      for (const { id, luminance } of shades) {
        assert.ok(
          colorScheme === 'dark' ? luminance < 0.2 : luminance > 0.8,
          `#${id}: ${colorScheme} background (${luminance.toFixed(2)})`,
        );
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(log.errors, []);
  });

  it('each widget looks as it does on the site and reacts to editing', async () => {
    const { page, kinds } = loaded;
    const blogHostOf = (kind) => page.locator(kind).first();
    for (const kind of kinds) {
      const sitePage = KINDS[kind];
      assert.ok(existsSync(join(repo, process.env.MATHLETS_DIST ?? 'dist', sitePage, 'index.html')), `the site has ${sitePage}`);
      const onSite = await recordedPage(browser.context);
      await onSite.page.goto(site.url + sitePage);
      const siteHost = onSite.page.locator(kind).first();
      await siteHost.evaluate((host, width) => {
        host.style.width = `${width}px`;
      }, COMPARED_WIDTH);
      await siteHost.scrollIntoViewIfNeeded();
      await onSite.page.waitForSelector(`${kind}[data-state=ready]`, { timeout: 30_000 });
      await onSite.page.waitForFunction(widgetsSettled, kind, { timeout: 60_000 }); // measured as it finally looks
      // The site's pages name their embed folder, so there a widget offers "Copy embed code" too; the
      // blog names none. Compared without that one control.
      assert.equal(
        await siteHost.evaluate((host) => host.shadowRoot.querySelectorAll('.embed-copy').length),
        1,
        `${kind}: embed code on the site`,
      );
      assert.equal(
        await blogHostOf(kind).evaluate((host) => host.shadowRoot.querySelectorAll('.embed-copy').length),
        0,
        `${kind}: none on the blog`,
      );
      await siteHost.evaluate((host) => host.shadowRoot.querySelector('.embed-copy').remove());
      await nextFrames(onSite.page);
      const attributesOf = (host) => host.constructor.observedAttributes.map((a) => host.getAttribute(a));
      const attributes = await siteHost.evaluate(attributesOf);
      const expected = await siteHost.evaluate(widgetLook);
      await onSite.page.close();

      // The first widget of this kind on the blog has the site's attributes.
      const blogHost = blogHostOf(kind);
      assert.deepEqual(await blogHost.evaluate(attributesOf), attributes, `${kind}: same attributes as on the site`);
      await blogHost.evaluate((host, width) => {
        host.style.width = `${width}px`;
      }, COMPARED_WIDTH);
      await nextFrames(page); // the plots redraw at the new width when their ResizeObserver reports (in the next frame)
      // A redrawn plot can change its panel's height, which resizes the next one: wait until the layout
      // has come to rest at the site's.
      await eventually(async () => {
        const actual = await blogHost.evaluate(widgetLook);
        assert.ok(Math.abs(actual.width - expected.width) <= 1, `${kind}: width ${actual.width} vs ${expected.width} on the site`);
        assert.ok(Math.abs(actual.height - expected.height) <= 4, `${kind}: height ${actual.height} vs ${expected.height} on the site`);
        assert.deepEqual(Object.keys(actual.elements), Object.keys(expected.elements), `${kind}: same inner elements`);
        for (const [selector, look] of Object.entries(expected.elements)) {
          assert.deepEqual(actual.elements[selector].style, look.style, `${kind} ${selector}: computed style as on the site`);
          assert.ok(
            Math.abs(actual.elements[selector].width - look.width) <= 3 && Math.abs(actual.elements[selector].height - look.height) <= 3,
            `${kind} ${selector}: size ${actual.elements[selector].width}x${actual.elements[selector].height} vs ${look.width}x${look.height}`,
          );
        }
      });
    }

    // Editing: typing a new first value into every widget changes what it shows.
    for (const id of await page.evaluate(() => [...document.querySelectorAll('[data-state=ready]')].map((e) => e.id))) {
      const host = page.locator(`#${id}[data-state]`); // not a control of the same id inside a widget
      const input = host.locator('input[type=text]').first();
      await input.scrollIntoViewIfNeeded();
      const shown = await host.evaluate(shownOutput);
      const old = await input.inputValue();
      await input.fill(old.trim() === '0.7' ? '0.9' : '0.7');
      await nextFrames(page);
      assert.notEqual(await host.evaluate(shownOutput), shown, `#${id}: typing into its first field changed the output`);
    }
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
  });

  it('the policy is really in force: an inline style, an inline script and eval are refused and reported', async () => {
    const { page } = loaded;
    // Canary: the policy is really in force (an inline <style> and eval are refused and reported).
    const canary = await page.evaluate(() => {
      document.head.append(Object.assign(document.createElement('style'), { textContent: 'p { color: red }' }));
      document.head.append(Object.assign(document.createElement('script'), { textContent: 'window.__inlineRan = true' }));
      return new Promise((done) =>
        setTimeout(() => {
          let evalResult; // checked in a later task: DevTools' own evaluation is exempt from the policy
          try {
            // biome-ignore lint/security/noGlobalEval: the canary checks that the page's CSP refuses eval
            evalResult = String(eval('1 + 1'));
          } catch (error) {
            evalResult = error.name;
          }
          done({ evalResult, inlineRan: window.__inlineRan === true });
        }, 0),
      );
    });
    assert.equal(canary.inlineRan, false, 'an inline script is refused');
    assert.equal(canary.evalResult, 'EvalError', 'eval is refused');
    // The violation reports are events of their own, dispatched in a later task.
    await eventually(async () => {
      const violations = await page.evaluate(() => window.__violations);
      assert.ok(
        violations.some((v) => v.startsWith('style-src')),
        `an inline style is refused: ${violations}`,
      );
      assert.ok(
        violations.some((v) => v.startsWith('script-src')),
        `an inline script is refused: ${violations}`,
      );
    });
  });
});
