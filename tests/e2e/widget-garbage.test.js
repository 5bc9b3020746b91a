// Every editable field of every widget on the site, fed garbage: text, 1e999, NaN, a 10^6-entry
// paste, HTML and script text. Each must give an inline message by the field (aria-invalid and a
// role="alert" text), run no script, keep the widget's layout, and leave the other fields working.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, recordedPage } from './chromium-session.js';
import { startSite } from './site-server.js';

const GARBAGE = [
  'abc',
  '1e999',
  'NaN',
  `${'1,'.repeat(1_000_000)}1`,
  '<img src=x onerror="window.__pwned = true">',
  '<script>window.__pwned = true</script>',
];

// Every widget element on every article page (found by tag, so new pages are covered as they land).
const WIDGET_SELECTOR =
  ':is(mathlet-logsumexp, mathlet-smooth-topk, mathlet-grad-clip, mathlet-pinv, mathlet-cr, mathlet-cur, mathlet-performer, mathlet-nystromformer, mathlet-entropy-attention, mathlet-cur-retrieval)';

describe('widgets fed garbage', () => {
  let site, browser;
  before(async () => {
    site = await startSite();
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  async function articlePaths() {
    const { page } = await recordedPage(browser.context);
    await page.goto(site.url);
    const paths = await page.$$eval('a[href]', (links) => [...new Set(links.map((a) => new URL(a.href).pathname))]);
    await page.close();
    return paths.filter((p) => p !== '/' && !p.startsWith('/embed'));
  }

  // Text fields of the widget's shadow root: the ones a reader types into.
  const fieldsOf = (widget) =>
    widget.evaluate(
      (el) =>
        [...el.shadowRoot.querySelectorAll('input:not([type=range]):not([type=checkbox]):not([type=radio]):not([type=hidden])')].filter(
          (i) => !i.disabled && !i.readOnly && i.offsetParent !== null,
        ).length,
    );

  // Feeds every kind of garbage to one field and then its original value back, in the page, in one
  // round trip: the field gets what pasting gives it (the text, cut to the field's maxlength as the
  // browser cuts a paste, an `input` event, then Enter), and after each the field's state, its
  // widget's messages and width are read. (Playwright's fill waits for the page to settle, about a
  // second per value here: 200 values took 150 s.)
  const feedGarbage = (field, garbage) =>
    field.evaluate((input, values) => {
      let widget = input;
      while (widget.getRootNode().host) widget = widget.getRootNode().host;
      const type = (text) => {
        input.focus();
        input.value = input.maxLength >= 0 ? text.slice(0, input.maxLength) : text;
        input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste', data: null }));
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      };
      const original = input.value;
      const seen = values.map((text) => {
        type(text);
        const alerts = [...input.getRootNode().querySelectorAll('[role=alert]')].map((a) => a.textContent.trim()).filter(Boolean);
        return {
          invalid: input.getAttribute('aria-invalid'),
          alerts,
          pwned: window.__pwned === true,
          width: widget.getBoundingClientRect().width,
        };
      });
      type(original);
      return { seen, recovered: input.getAttribute('aria-invalid') !== 'true', maxLength: input.maxLength };
    }, garbage);

  it('each field answers every kind of garbage with an inline message and nothing breaks', async () => {
    const paths = await articlePaths();
    assert.ok(paths.length >= 3, `article pages found: ${paths}`);
    let checked = 0;
    for (const path of paths) {
      const { page, log } = await recordedPage(browser.context);
      await page.goto(new URL(path, site.url).href);
      const widgets = page.locator(WIDGET_SELECTOR);
      for (let w = 0; w < (await widgets.count()); w++) {
        const widget = widgets.nth(w);
        await widget.scrollIntoViewIfNeeded();
        await page.waitForFunction((el) => el.dataset.state === 'ready', await widget.elementHandle(), { timeout: 30_000 });
        const box = await widget.boundingBox();
        const inputs = widget.locator('input:not([type=range]):not([type=checkbox]):not([type=radio]):not([type=hidden]):visible');
        const count = Math.min(await fieldsOf(widget), await inputs.count());
        for (let f = 0; f < count; f++) {
          const { seen, recovered, maxLength } = await feedGarbage(inputs.nth(f), GARBAGE);
          // Every field takes a bounded text, so that a huge paste cannot freeze the tab (100 characters
          // for one number, 160 for CR's list of term indices).
          assert.ok(maxLength > 0 && maxLength <= 160, `${path} widget ${w} field ${f}: maxlength ${maxLength}`);
          seen.forEach((state, g) => {
            const label = `${path} widget ${w} field ${f} <- ${GARBAGE[g].slice(0, 30)}`;
            assert.equal(state.invalid, 'true', `${label}: marked invalid`);
            assert.ok(state.alerts.length > 0, `${label}: an inline message`);
            assert.equal(state.pwned, false, `${label}: no script ran`);
            assert.ok(Math.abs(state.width - box.width) <= 2, `${label}: width kept (${box.width} -> ${state.width})`);
          });
          // The original value back: the message goes away and the field works again.
          assert.ok(recovered, `${path} widget ${w} field ${f} recovers`);
          checked++;
        }
        assert.equal(await widget.getAttribute('data-state'), 'ready');
      }
      assert.deepEqual(log.errors, [], `${path}: no console or page errors`);
      await page.close();
    }
    assert.ok(checked >= 10, `fields checked: ${checked}`);
  });
});
