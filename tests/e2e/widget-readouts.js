// What a widget's browser test reads off its element, once it has settled: the data-* attributes
// the view writes (the state and results on screen) and the text alternatives of its plots.
import { nextFrames, widgetsSettled } from './page-actions.js';

/** Waits until the widgets of `tag` on the page are ready and idle, then for the frames after. */
export async function settled(page, tag) {
  await page.waitForFunction(widgetsSettled, tag, { timeout: 60_000 });
  await nextFrames(page);
}
/** The host element's data-* attributes, as an object. */
export const shown = (widget) => widget.evaluate((host) => ({ ...host.dataset }));
/** The aria-label of every plot in the widget, in document order. */
export const plotLabels = (widget) =>
  widget.evaluate((host) => [...host.shadowRoot.querySelectorAll('.plot-frame svg')].map((s) => s.getAttribute('aria-label')));
