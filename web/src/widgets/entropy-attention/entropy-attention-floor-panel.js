// The "the quick derivation is a floor" panel of <mathlet-entropy-attention> (E5, R6), opened on
// demand: for the sweep on screen (standard scale) at a length the reader picks, every query row as a
// point (quick derivation log n − λ(s_max − s̄), true entropy H) above the diagonal, with the lowest
// margin and the mean λ(s_max − s̄). Loaded when the reader opens the panel (parts/lazy-disclosure.js);
// drawn on the widget's render path from the curves the worker sent for the main picture.
import { el, sym } from '../parts/create-element.js';
import { createLogLinePlot } from '../parts/log-line-plot.js';
import { memoized } from '../parts/memoized-draw.js';
import { formatNumber } from '../parts/number-text.js';
import { createSteppedSlider } from '../parts/stepped-slider.js';
import { LENGTHS } from './entropy-attention-attributes.js';
import { floorAt } from './entropy-attention-floor.js';

const v = (name) => el('var', { translate: 'no' }, name);

/** createFloorPanel(widget, sweep) -> { element, draw() }; sweep: the view's sweep job ({ curves, version }). */
export function createFloorPanel(widget, sweep) {
  const { language, host } = widget;
  const { t } = language;
  let n = 512;
  const slider = createSteppedSlider({
    id: 'floor-n',
    name: 'n',
    label: language.rich('floor.n', { n: v('n') }),
    steps: LENGTHS,
    min: LENGTHS[0],
    max: LENGTHS.at(-1),
    value: n,
    onChange: (value) => {
      n = value;
      widget.render('floor');
    },
    language,
  });
  const chips = { lowest: sym(''), spread: sym('') };
  const plot = createLogLinePlot({ height: 240, language, marginLeft: 44 });
  const update = memoized((view) => plot.draw(view));
  const element = el(
    'div',
    { class: 'floor-panel' },
    el('p', { class: 'hint' }, language.text('floor.hint')),
    slider.element,
    el(
      'div',
      { class: 'chips' },
      el('span', { class: 'chip' }, language.rich('floor.lowest', { value: chips.lowest })),
      el('span', { class: 'chip' }, language.rich('floor.spread', { value: chips.spread })),
    ),
    plot.element,
  );

  function draw() {
    const at = sweep.curves ? floorAt(sweep.curves.standard, n) : null;
    if (!at) return;
    chips.lowest.textContent = formatNumber(at.lowest, 4);
    chips.spread.textContent = formatNumber(at.spread, 4);
    Object.assign(host.dataset, { floorN: String(n), floorLowest: String(at.lowest), floorSpread: String(at.spread) });
    update(`${sweep.version}|${n}|${language.lang}`, () => {
      const xs = at.points.map((p) => p.x);
      const lo = Math.min(0, ...xs) - 0.2;
      const hi = Math.log(n) + 0.2;
      return {
        label: t('floor.label', { n }),
        x: { type: 'linear', domain: [lo, hi], label: t('floor.x') },
        y: { type: 'linear', domain: [lo, hi], label: t('floor.y') },
        series: [
          {
            name: t('floor.diagonal'),
            color: 'floor',
            dashed: true,
            width: 1.2,
            points: [
              { x: lo, y: lo },
              { x: hi, y: hi },
            ],
          },
        ],
        dots: at.points.map((p) => ({ ...p, color: 'c1' })),
        description: `${t('floor.rows')}: ${at.points.length}; ${t('floor.lowestText', { value: formatNumber(at.lowest, 4) })}`,
      };
    });
  }
  return { element, draw };
}
