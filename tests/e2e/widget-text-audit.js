// One check that every widget's browser file runs on its widget: every control has a name and can
// be reached by the keyboard; every plot is an image whose text alternative carries numbers; and
// translators are kept off the numbers (plots, readouts, fields) but let at the words (headings,
// hints, buttons). Each widget names its own selectors, its number of plots (SVG charts) and, when it
// draws maps on canvases, their number.
import assert from 'node:assert/strict';

/**
 * assertLabelledAndProtected(widget, { plots, canvases, why, controls, readouts, captions, numbers }):
 *   widget    the host element's Playwright locator
 *   plots     how many plots the widget draws (`why` lists them)
 *   canvases  how many canvas images (heatmaps) it draws, each checked as a plot is (optional)
 *   controls  selector of its controls; readouts: of what shows numbers; captions: of its words
 *   numbers   what a plot's text alternative must contain (a digit, or a decimal number)
 */
export async function assertLabelledAndProtected(widget, { plots, canvases, why, controls, readouts, captions, numbers = /\d/ }) {
  const audit = await widget.evaluate(
    (host, { controls, readouts, captions, numbers }) => {
      const root = host.shadowRoot;
      const found = [...root.querySelectorAll(controls)];
      const named = (c) =>
        (c.labels?.length > 0 && c.labels[0].textContent.trim()) ||
        c.getAttribute('aria-label') ||
        (c.tagName === 'BUTTON' && c.textContent.trim());
      const svgs = [...root.querySelectorAll('.plot-frame svg')];
      const images = [...root.querySelectorAll('canvas')];
      const digits = new RegExp(numbers);
      const unread = (image) => image.getAttribute('role') !== 'img' || !digits.test(image.getAttribute('aria-label') ?? '');
      return {
        unnamed: found.filter((c) => !named(c)).map((c) => c.outerHTML.slice(0, 80)),
        unfocusable: found.filter((c) => c.tabIndex < 0).length,
        plots: svgs.length,
        plotsWithoutNumbers: svgs.filter(unread).length,
        plotsTranslatable: svgs.filter((s) => s.getAttribute('translate') !== 'no').length,
        canvases: images.length,
        canvasesWithoutNumbers: images.filter(unread).length,
        canvasesTranslatable: images.filter((c) => !c.closest('[translate="no"]')).length,
        readoutsTranslatable: [...root.querySelectorAll(readouts)].filter((e) => !e.closest('[translate="no"]')).length,
        captionsUntranslatable: [...root.querySelectorAll(captions)].filter((e) => e.closest('[translate="no"]')).length,
      };
    },
    { controls, readouts, captions, numbers: numbers.source },
  );
  assert.deepEqual(audit.unnamed, [], 'every control has a name');
  assert.equal(audit.unfocusable, 0, 'every control is reachable by the keyboard');
  assert.equal(audit.plots, plots, why);
  assert.equal(audit.plotsWithoutNumbers, 0, 'each plot has a text alternative with its numbers');
  assert.equal(audit.plotsTranslatable, 0, 'no plot is translatable');
  if (canvases !== undefined) {
    assert.equal(audit.canvases, canvases, why);
    assert.equal(audit.canvasesWithoutNumbers, 0, 'each canvas image has a text alternative with its numbers');
    assert.equal(audit.canvasesTranslatable, 0, 'no canvas image is translatable');
  }
  assert.equal(audit.readoutsTranslatable, 0, 'no number is translatable');
  assert.equal(audit.captionsUntranslatable, 0, 'every caption is translatable');
}
