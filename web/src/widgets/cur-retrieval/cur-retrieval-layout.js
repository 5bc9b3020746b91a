// The layout of <mathlet-cur-retrieval>: the headline with the readouts, then the controls beside
// the recall-against-cost plot (X2), the CE-call meter, the spectrum, the one-query picture (X1)
// and the closed panels. Built once from the controls (cur-retrieval-controls.js) and readouts
// (cur-retrieval-view.js); words follow the widget's language, numbers and symbols are kept from
// translators.
import { el } from '../parts/create-element.js';
import { widgetBody } from '../parts/widget-body.js';

function headline(language, chips) {
  const chip = (key, slots, extra = '') => el('span', { class: `chip ${extra}` }, language.rich(key, slots));
  return el(
    'div',
    { class: 'headline' },
    language.rich('headline', { ki: chips.ki }, 'h2'),
    el(
      'div',
      { class: 'chips' },
      chip('chip.recall', { k: chips.k, value: chips.recall }, 'current'),
      chip('chip.calls', { value: chips.calls }),
      chip('chip.saving', { value: chips.saving }),
      chip('chip.kappa', { value: chips.kappa }),
      chip('chip.rank', { value: chips.rank }),
    ),
  );
}

function controlsPanel(widget, c) {
  const { language } = widget;
  const control = (id, key, input) => el('div', { class: 'control' }, el('label', { for: id }, language.text(key)), input);
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'cr-controls-heading' },
    el('h3', { id: 'cr-controls-heading' }, language.text('controls.heading')),
    el('h4', {}, language.text('controls.retrieval')),
    el('div', { class: 'menus' }, control('k', 'controls.k', c.k), control('anchors', 'controls.anchors', c.anchors)),
    c.ki.element,
    c.kr.element,
    control('rtol', 'controls.rtol', c.rtol),
    // The label holds the box: on a touch screen the whole line is the 44 px target.
    el(
      'label',
      { class: 'check', for: 'transform' },
      c.transform,
      language.rich('controls.transform', { f: el('var', { translate: 'no' }, 'f', el('sub', {}, 'β'), '⁻¹') }),
    ),
    el('h4', {}, language.text('controls.generator')),
    el('div', { class: 'menus' }, control('preset', 'controls.preset', c.preset), control('kind', 'controls.kind', c.kind)),
    c.beta.element,
    c.r.element,
    c.noise.element,
    el('div', { class: 'seed-row' }, c.seed.element),
    el('h4', {}, language.text('controls.sizes')),
    control('items', 'controls.items', c.items),
    c.kq.element,
    c.tests.element,
    el('p', { class: 'hint' }, language.text('controls.hint')),
    el('div', { class: 'buttons' }, ...widget.copyControls),
  );
}

function recallPanel(language, r) {
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'cr-recall-heading' },
    el('h3', { id: 'cr-recall-heading' }, language.text('recall.heading')),
    r.meter,
    el('p', { class: 'hint' }, language.text('recall.hint')),
    r.computing,
    r.recallPlot.element,
    r.legend,
  );
}

function spectrumPanel(language, r) {
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'cr-spectrum-heading' },
    el('h3', { id: 'cr-spectrum-heading' }, language.text('spectrum.heading')),
    el('p', { class: 'hint' }, language.text('spectrum.hint')),
    r.energy,
    r.notes,
    r.spectrumPlot.element,
    el(
      'ul',
      { class: 'legend' },
      el('li', { class: 'c1' }, el('span', { class: 'swatch' }), el('span', {}, language.text('spectrum.R'))),
      el('li', { class: 'c2' }, el('span', { class: 'swatch' }), el('span', {}, language.text('spectrum.W'))),
    ),
  );
}

function scatterPanel(widget, c, r) {
  const { language } = widget;
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'cr-scatter-heading' },
    el('h3', { id: 'cr-scatter-heading' }, language.text('scatter.heading')),
    el('p', { class: 'hint' }, language.text('scatter.hint')),
    el('div', { class: 'seed-row' }, c.query.element, c.next),
    r.queryReadout,
    r.scatter.element,
    el(
      'ul',
      { class: 'legend' },
      el('li', { class: 'anchor' }, el('span', { class: 'dot ring' }), el('span', {}, language.text('legend.anchor'))),
      el('li', { class: 'truth' }, el('span', { class: 'dot' }), el('span', {}, language.text('legend.truth'))),
      el('li', { class: 'item' }, el('span', { class: 'dot' }), el('span', {}, language.text('legend.item'))),
    ),
  );
}

/** The widget's element. */
export function layout(widget, c, r, panels = []) {
  const { language } = widget;
  return widgetBody(widget, headline(language, r.chips), [
    controlsPanel(widget, c),
    recallPanel(language, r),
    spectrumPanel(language, r),
    scatterPanel(widget, c, r),
    ...panels,
  ]);
}
