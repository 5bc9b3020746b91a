// The layout of <mathlet-performer>: a headline with the chips; the controls beside the error-against-m
// plot; the three maps across the full width; the studied pair's histograms beside its angle plot.
// Captions are translatable; symbols and numbers are not (var, .sym, the plots, the notes).
import { el } from '../parts/create-element.js';
import { SERIES_COLOURS } from './performer-tv-plot.js';
import { KIND_COLOURS } from './performer-angle-plot.js';
import { SERIES } from './performer-sweep.js';
import { KINDS } from './performer-state.js';

const v = (name) => el('var', { translate: 'no' }, name);
const math = (...parts) => el('span', { class: 'notranslate nowrap', translate: 'no' }, ...parts);
const hat = (name) => math(v(name), '\u0302');

function headline(language, chips) {
  const chip = (key, value, extra = {}) => el('span', { class: 'chip' }, language.rich(key, { value, ...extra }));
  return el(
    'div',
    { class: 'headline' },
    language.rich('headline', { n: v('n'), m: v('m') }, 'h2'),
    el(
      'div',
      { class: 'chips' },
      el('span', { class: 'chip current' }, language.rich('chip.tv', { value: chips.tv, P: hat('P'), S: v('S') })),
      chip('chip.worst', chips.worst),
      chip('chip.negatives', chips.negatives, { P: hat('P') }),
      chip('chip.sharpness', chips.scale, { sigma: v('σ') }),
      el('span', { class: 'chip' }, language.rich('chip.flops', { softmax: chips.softmax, performer: chips.performer })),
    ),
  );
}

function field(label, input) {
  return el('div', { class: 'control' }, label, input);
}

function controlsPanel(widget, c) {
  const { language } = widget;
  const labelled = (id, key) => el('label', { for: id }, language.text(key));
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'performer-controls-heading' },
    el('h3', { id: 'performer-controls-heading' }, language.text('controls.heading')),
    el(
      'fieldset',
      {},
      el('legend', {}, language.text('controls.data')),
      field(labelled('inputs', 'controls.inputs'), c.inputs),
      c.n.element,
      c.d.element,
      c.sharpness.element,
      el('div', { class: 'seed-row' }, c.seed.element),
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, language.text('controls.features')),
      c.m.element,
      field(labelled('kind', 'controls.kind'), c.kind),
      el('div', { class: 'checks' }, c.orthogonal.element, c.causal.element),
      el('div', { class: 'seed-row' }, c.featureSeed.element, c.redraw),
    ),
    el('div', { class: 'buttons' }, ...widget.copyControls),
  );
}

function sweepPanel(language, r) {
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'performer-sweep-heading', 'data-panel': 'sweep', 'aria-busy': 'false' },
    Object.assign(language.rich('tv.heading', { m: v('m') }, 'h3'), { id: 'performer-sweep-heading' }),
    el('p', { class: 'hint' }, language.text('tv.hint')),
    r.lines.sweep,
    r.tvPlot.element,
    el(
      'ul',
      { class: 'legend' },
      ...SERIES.map(([id]) =>
        el(
          'li',
          { class: SERIES_COLOURS[id] },
          el('span', { class: `swatch${id === 'positive-iid' ? ' dashed' : ''}` }),
          el('span', {}, language.text(`series.${id}`)),
        ),
      ),
      el('li', { class: 'guide' }, el('span', { class: 'swatch dashed' }), el('span', {}, language.text('series.guide'))),
      el('li', { class: 'pick' }, el('span', { class: 'swatch dot' }), el('span', {}, language.text('series.current'))),
    ),
  );
}

function mapsPanel(language, r) {
  return el(
    'section',
    { class: 'panel wide', 'aria-labelledby': 'performer-maps-heading' },
    el('h3', { id: 'performer-maps-heading' }, language.text('maps.heading')),
    el('p', { class: 'hint' }, language.rich('maps.hint', { P: hat('P'), S: v('S') })),
    r.lines.matrices,
    el('div', { class: 'maps' }, r.maps.S.element, r.maps.P.element, r.maps.diff.element),
  );
}

function spreadPanel(language, p, r) {
  return el(
    'section',
    { class: 'panel wide', 'aria-labelledby': 'performer-spread-heading', 'data-panel': 'spread', 'aria-busy': 'false' },
    Object.assign(language.rich('spread.heading', { q: math(v('q'), '′'), k: math(v('k'), '′') }, 'h3'), {
      id: 'performer-spread-heading',
    }),
    el('div', { class: 'pair-row' }, p.row.element, p.key.element, p.top),
    el(
      'p',
      { class: 'pair-line' },
      language.rich('pair.line', {
        qk: math(v('q'), '′·', v('k'), '′'),
        logit: r.chips.logit,
        kernel: r.chips.kernel,
        angle: r.chips.angle,
        sumName: math('‖', v('q'), '′ + ', v('k'), '′‖'),
        sum: r.chips.sum,
        differenceName: math('‖', v('q'), '′ − ', v('k'), '′‖'),
        difference: r.chips.difference,
      }),
    ),
    el(
      'div',
      { class: 'grid two' },
      el(
        'div',
        {},
        el('h4', {}, language.text('spread.subheading')),
        el('p', { class: 'hint' }, language.text('spread.hint')),
        r.lines.spread,
        r.spreadPlots.element,
      ),
      el(
        'div',
        {},
        el('h4', {}, language.text('angle.heading')),
        el('p', { class: 'hint' }, language.text('angle.hint')),
        r.anglePlot.element,
        el(
          'ul',
          { class: 'legend' },
          ...KINDS.map((kind) =>
            el('li', { class: KIND_COLOURS[kind] }, el('span', { class: 'swatch' }), el('span', {}, language.text(`kind.${kind}`))),
          ),
        ),
      ),
    ),
  );
}

/** The widget's element. */
export function layout(widget, { c, p, r, panels }) {
  const { language } = widget;
  return language.mark(
    el(
      'div',
      { class: 'widget' },
      headline(language, r.chips),
      widget.statusElement,
      el('div', { class: 'grid side' }, controlsPanel(widget, c), sweepPanel(language, r)),
      el('div', { class: 'grid' }, mapsPanel(language, r), spreadPanel(language, p, r), ...panels),
    ),
  );
}
