// The convexity panel (R8): the segment chart (convexity-plot.js) over the curve the core computes
// (createSegmentCurve in logsumexp-compute.js), the mixing weight λ on a slider, and the inequality
// at λ with the core's numbers: chord λ·lse(x) + (1 − λ)·lse(y) ≥ lse(λx + (1 − λ)y).
import { el, sym } from '../parts/create-element.js';
import { createLogSlider } from '../parts/log-slider.js';
import { formatNumber } from '../parts/number-text.js';
import { createSegmentCurve } from './logsumexp-compute.js';
import { createConvexityPlot } from './convexity-plot.js';
import { watchOnScreen } from './on-screen.js';

const v = (name) => el('var', { translate: 'no' }, name);
const formula = (...parts) => el('span', { class: 'notranslate', translate: 'no' }, ...parts);

// A gap this small next to the values is rounding: the curve is the chord there.
const straight = (pair) => Math.abs(pair.chord - pair.lseMix) <= 1e-12 * Math.max(1, Math.abs(pair.chord));

/** createConvexityView(widget) -> { element, render(result), sync(previous, origin) } */
export function createConvexityView(widget) {
  const { language } = widget;
  const curveFor = createSegmentCurve(widget.resources.core);
  const plot = createConvexityPlot(language);
  const slider = createLogSlider({
    id: 'mix',
    name: 'λ',
    min: 0,
    max: 1,
    value: widget.state.mix,
    steps: 100,
    ticks: [0, 0.5, 1],
    linear: true,
    label: language.rich('mix.label', { lambda: v('λ') }),
    language,
    onChange: (mix) => widget.commit({ mix }, 'mix'),
  });
  const values = { chord: sym(''), lseMix: sym(''), gap: sym('') };
  const inequality = language.rich(
    'convex.inequality',
    {
      chord: formula('λ·lse(', v('x'), ') + (1 − λ)·lse(', v('y'), ') = '),
      chordValue: values.chord,
      lse: formula('lse(λ', v('x'), ' + (1 − λ)', v('y'), ') = '),
      lseValue: values.lseMix,
      gap: values.gap,
    },
    'p',
  );
  inequality.className = 'pair-line';
  const element = el(
    'section',
    { class: 'panel convexity', 'aria-labelledby': 'convex-heading' },
    el('h3', { id: 'convex-heading' }, language.rich('convex.heading', { lambda: v('λ') })),
    el(
      'p',
      { class: 'hint' },
      language.rich('convex.hint', {
        x: v('x'),
        y: v('y'),
        xEnd: v('x'),
        yEnd: v('y'),
        one: formula('𝟏'),
        point: el('span', { class: 'notranslate nowrap', translate: 'no' }, 'λ', v('x'), ' + (1 − λ)', v('y')),
      }),
    ),
    plot.element,
    slider.element,
    inequality,
  );
  let drawn = null; // the inputs of the last drawing
  const screen = watchOnScreen(element, () => widget.render());
  return {
    element,
    // Drawn anew when x, y, tau or λ changed (p and t do not move R8), and only near the screen
    // (on-screen.js); returns false when there was nothing to draw.
    render(result) {
      const { x, y, tau, mix } = widget.state;
      if ((drawn?.x === x && drawn.y === y && drawn.tau === tau && drawn.mix === mix) || !screen.near) return false;
      drawn = { x, y, tau, mix };
      const pair = result.pair;
      values.chord.textContent = formatNumber(pair.chord, 4);
      values.lseMix.textContent = formatNumber(pair.lseMix, 4);
      values.gap.textContent = formatNumber(straight(pair) ? 0 : pair.chord - pair.lseMix, 4);
      inequality.classList.toggle('tight', straight(pair));
      plot.draw({ curve: curveFor(x, y, tau), pair, lse: result.lse, mix });
    },
    sync(previous, origin) {
      const next = widget.state;
      if (origin !== 'mix' && next.mix !== previous.mix) slider.setValue(next.mix);
    },
  };
}
