// The layout of <mathlet-nystromformer>: the headline with the readouts, then the controls beside
// the error-against-m plot, the three heatmaps across, and the pseudo-inverse panel. Built once from
// the controls (nystromformer-controls.js) and readouts (nystromformer-view.js); words follow the
// widget's language, numbers and symbols are kept from translators.
import { el } from '../parts/create-element.js';
import { METHODS, SERIES } from './nystromformer-background.js';

const v = (name) => el('var', { translate: 'no' }, name);
const math = (...parts) => el('span', { class: 'notranslate nowrap', translate: 'no' }, ...parts);

function headline(language, chips) {
  const chip = (key, value, extra = '') => el('span', { class: `chip ${extra}` }, language.rich(key, { value }));
  return el(
    'div',
    { class: 'headline' },
    language.rich('headline', { S: v('S'), m: v('m') }, 'h2'),
    el(
      'div',
      { class: 'chips' },
      el(
        'span',
        { class: 'chip current' },
        math('‖', v('Ŝ'), ' − ', v('S'), '‖', el('sub', {}, 'F'), ' / ‖', v('S'), '‖', el('sub', {}, 'F'), ' = '),
        chips.error,
      ),
      chip('chip.floor', chips.floor),
      chip('chip.output', chips.output),
      chip('chip.maxAbs', chips.maxAbs),
      chip('chip.rowSums', chips.rowSums),
      chip('chip.negative', chips.negative),
      el('span', { class: 'chip' }, math('κ(', v('A'), ') = '), chips.kappa),
      chip('chip.gain', chips.gain),
      chip('chip.logit', chips.logit),
    ),
  );
}

function controlsPanel(widget, c, r) {
  const { language } = widget;
  const control = (id, key, input) => el('div', { class: 'control' }, el('label', { for: id }, language.text(key)), input);
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'nys-controls-heading' },
    el('h3', { id: 'nys-controls-heading' }, language.text('controls.heading')),
    c.m.element,
    control('landmarks', 'controls.landmarks', c.landmarks),
    control('pinv', 'controls.pinv', c.pinv),
    c.k.element,
    el('p', { class: 'hint' }, language.text('controls.kHint')),
    r.drift,
    el('h4', {}, language.text('controls.tokens')),
    control('preset', 'controls.preset', c.preset),
    c.n.element,
    c.d.element,
    c.tau.element,
    el('p', { class: 'hint' }, language.rich('controls.scale', { s: v('s'), tau: v('τ'), d: v('d'), value: r.chips.scale })),
    r.overflow,
    el('div', { class: 'seed-row' }, c.seed.element, c.resample),
    el('p', { class: 'hint' }, language.rich('controls.hint', { S: v('S') })),
    el('div', { class: 'buttons' }, ...widget.copyControls),
  );
}

function sweepPanel(language, r) {
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'nys-sweep-heading' },
    Object.assign(language.rich('sweep.heading', { m: v('m') }, 'h3'), { id: 'nys-sweep-heading' }),
    el('p', { class: 'hint' }, language.text('sweep.hint')),
    r.sweepComputing,
    r.sweepPlot.element,
    el(
      'ul',
      { class: 'legend' },
      ...SERIES.map(([key, , , color, dashed]) =>
        el(
          'li',
          { class: color },
          el('span', { class: `swatch${dashed ? ' dashed' : ''}` }),
          el('span', {}, language.text(`series.${key}`)),
        ),
      ),
      el('li', {}, el('span', { class: 'swatch area' }), el('span', {}, language.text('legend.floor'))),
    ),
  );
}

function mapsPanel(language, r) {
  return el(
    'section',
    { class: 'panel wide', 'aria-labelledby': 'nys-maps-heading' },
    el('h3', { id: 'nys-maps-heading' }, language.text('maps.heading')),
    el('p', { class: 'hint' }, language.rich('maps.hint', { S: v('S'), Shat: v('Ŝ') })),
    r.evaluating,
    r.centres,
    el('div', { class: 'nys-maps' }, ...r.maps.elements),
  );
}

function studyPanel(widget, c, r) {
  const { language } = widget;
  return el(
    'section',
    { class: 'panel wide', 'aria-labelledby': 'nys-study-heading' },
    el('h3', { id: 'nys-study-heading' }, language.text('study.heading')),
    el('p', { class: 'hint' }, language.rich('study.hint', { init: v('c') })),
    el(
      'div',
      { class: 'study-controls' },
      el('div', { class: 'control' }, el('label', { for: 'amatrix' }, language.text('study.matrix')), c.amatrix),
      c.initscale.element,
    ),
    el(
      'div',
      { class: 'chips' },
      el('span', { class: 'chip' }, language.rich('study.t1', { value: r.chips.t1 })),
      el('span', { class: 'chip' }, language.rich('study.kappa', { value: r.chips.kappaA })),
    ),
    r.pastThree,
    r.diverged,
    r.studyComputing,
    el('div', { class: 'nys-study' }, ...r.studyPlots.elements),
    el(
      'ul',
      { class: 'legend' },
      ...METHODS.map(([key, color]) =>
        el('li', { class: color }, el('span', { class: 'swatch' }), el('span', {}, language.text(`method.${key}`))),
      ),
    ),
    el('h4', {}, language.text('filter.heading')),
    el('p', { class: 'hint' }, language.text('filter.hint')),
    r.filterPlot.element,
  );
}

/** The widget's element. */
export function layout(widget, c, r, panels = []) {
  const { language } = widget;
  return language.mark(
    el(
      'div',
      { class: 'widget' },
      headline(language, r.chips),
      widget.statusElement,
      el(
        'div',
        { class: 'grid side' },
        controlsPanel(widget, c, r),
        sweepPanel(language, r),
        mapsPanel(language, r),
        studyPanel(widget, c, r),
        ...panels,
      ),
    ),
  );
}
