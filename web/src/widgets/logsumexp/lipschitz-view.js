// The Lipschitz panel (R7): the reader's second vector y (bars with x as dashed marks, or typed),
// the shift control that sets y = x + c·1 (where |lse_tau x − lse_tau y| = ‖x − y‖∞ = |c|: the
// bound attained), the numbers of the pair as the core's lseBounds gives them (result.pair), and
// the interval chart (lipschitz-plot.js).
import { el, sym } from '../parts/create-element.js';
import { createIntegerField } from '../parts/integer-field.js';
import { formatNumber } from '../parts/number-text.js';
import { createVectorEditor } from '../parts/vector-editor.js';
import { attained, createLipschitzPlot } from './lipschitz-plot.js';
import { watchOnScreen } from './on-screen.js';

const v = (name) => el('var', { translate: 'no' }, name);
const formula = (...parts) => el('span', { class: 'notranslate', translate: 'no' }, ...parts);
const lseOf = (what) => formula('lse', el('sub', {}, v('τ')), '(', v(what), ')');
const DEFAULT_SHIFT = 0.7; // logsumexp.md §5.3: y = x + 0.7·1 gives a difference of exactly 0.7

/** The shift of y = x + c·1 for every entry (c a finite number). */
export const shifted = (x, c) => x.map((a) => a + c);

function createReadout(language) {
  const values = { lseY: sym(''), diff: sym(''), lo: sym(''), hi: sym(''), norm: sym(''), slack: sym('') };
  const line = (key, slots) => {
    const p = language.rich(key, slots, 'p');
    p.className = 'pair-line';
    return p;
  };
  const status = el('span', { class: 'attained', hidden: true }, language.text('lip.attained'));
  const element = el(
    'div',
    { class: 'pair-readout' },
    line('lip.lseY', { lseY: formula(lseOf('y'), ' = '), value: values.lseY }),
    line('lip.twoSided', {
      diff: formula(lseOf('x'), ' − ', lseOf('y'), ' = '),
      value: values.diff,
      interval: formula('[', values.lo, ', ', values.hi, ']'),
    }),
    line('lip.bound', {
      norm: formula('‖', v('x'), ' − ', v('y'), '‖', el('sub', {}, '∞'), ' = '),
      value: values.norm,
      slack: values.slack,
    }),
    status,
  );
  return {
    element,
    update(pair, lse) {
      const f = (x) => formatNumber(x, 4);
      values.lseY.textContent = f(pair.lseY);
      values.diff.textContent = formatNumber(pair.diff, 6);
      values.lo.textContent = f(pair.diffMin);
      values.hi.textContent = f(pair.diffMax);
      values.norm.textContent = f(pair.maxNorm);
      const hit = attained(pair, lse);
      values.slack.textContent = formatNumber(hit ? 0 : pair.maxNorm - Math.abs(pair.diff), 4);
      status.hidden = !hit;
    },
  };
}

function createShiftControl(widget) {
  const { language } = widget;
  const c = createIntegerField({
    id: 'shift-c',
    name: 'c',
    label: formula(v('c'), ' ='),
    min: -1000,
    max: 1000,
    value: DEFAULT_SHIFT,
    whole: false,
    language,
    onChange: () => {},
  });
  const button = el(
    'button',
    { type: 'button', class: 'shift', onclick: () => widget.commit({ y: shifted(widget.state.x, c.value) }) },
    language.rich('button.shift', { y: v('y'), formula: formula(v('x'), ' + ', v('c'), '·𝟏') }),
  );
  return el('div', { class: 'shift-row' }, c.element, button);
}

/** createLipschitzView(widget) -> { element, render(result), sync(previous, origin), revert(change, origin) } */
export function createLipschitzView(widget) {
  const { language } = widget;
  const editor = createVectorEditor({
    id: 'y',
    name: 'y',
    values: widget.state.y,
    height: 150,
    ghostName: 'x',
    language,
    onChange: (y) => widget.commit({ y }, 'y'),
  });
  const readout = createReadout(language);
  const plot = createLipschitzPlot(language);
  const heading = el('h3', { id: 'lip-heading' }, language.rich('lip.heading', { y: v('y') }));
  const element = el(
    'section',
    { class: 'panel lipschitz', 'aria-labelledby': 'lip-heading' },
    heading,
    el('p', { class: 'hint' }, language.rich('lip.hint', { x: v('x'), y: v('y') })),
    editor.element,
    createShiftControl(widget),
    readout.element,
    plot.element,
  );
  let drawn = null; // the inputs of the last drawing
  const screen = watchOnScreen(element, () => widget.render());
  return {
    element,
    // Drawn anew only when x, y or tau changed (p, t and the mixing weight do not move R7), and
    // only near the screen (on-screen.js); returns false when there was nothing to draw.
    render(result) {
      const { x, y, tau } = widget.state;
      if ((drawn?.x === x && drawn.y === y && drawn.tau === tau) || !screen.near) return false;
      if (drawn?.x !== x) editor.setGhost(x);
      drawn = { x, y, tau };
      readout.update(result.pair, result.lse);
      plot.draw({ pair: result.pair, lse: result.lse, x, y });
    },
    sync(previous, origin) {
      const next = widget.state;
      if (origin !== 'y' && next.y !== previous.y) editor.setValues(next.y);
    },
    revert(_change, origin) {
      if (origin === 'y') editor.setValues(widget.state.y);
    },
  };
}
