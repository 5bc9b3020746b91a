// The layout of <mathlet-entropy-attention>: the headline with its readouts; the controls beside the
// entropy-against-length picture (E2); the JL panel (E7: the histogram of ρ and d_n against n side
// by side); the normalization panel (E6: the bars of p and H(γ) side by side). Built once from the
// controls (entropy-attention-controls.js) and readouts (entropy-attention-view.js); words follow
// the widget's language, numbers and symbols are kept from translators.
import { el } from '../parts/create-element.js';
import { widgetBody } from '../parts/widget-body.js';
import { JL_DIM, JL_POINTS, MODES } from './entropy-attention-attributes.js';
import { MODE_COLORS } from './entropy-attention-plots.js';

const v = (name) => el('var', { translate: 'no' }, name);
const num = (text) => el('span', { class: 'sym', translate: 'no' }, text);

function headline(language, chips) {
  const chip = (key, slots) => el('span', { class: 'chip' }, language.rich(key, slots));
  return el(
    'div',
    { class: 'headline' },
    language.rich('headline', { n: v('n') }, 'h2'),
    el(
      'div',
      { class: 'chips' },
      chip('chip.standard', { H: v('H'), value: chips.standard, n1: num('n = 64'), n2: num('4096') }),
      chip('chip.logn', { value: chips.logn }),
      chip('chip.scale', {
        n0: v('L₀'),
        lambda: el('span', { class: 'nowrap', translate: 'no' }, v('λ'), ' = ', v('β'), '/√', v('d')),
        value: chips.scale,
      }),
    ),
  );
}

function controlsPanel(widget, c) {
  const { language } = widget;
  const control = (id, key, input) => el('div', { class: 'control' }, el('label', { for: id }, language.text(key)), input);
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'ent-controls-heading' },
    el('h3', { id: 'ent-controls-heading' }, language.text('controls.heading')),
    c.gain.element,
    el('p', { class: 'hint' }, language.text('controls.gainHint')),
    el('div', { class: 'presets', role: 'group', 'aria-label': language.t('controls.presets') }, ...c.presets),
    el('div', { class: 'pair' }, control('d', 'controls.d', c.d), control('keys', 'controls.keys', c.keys)),
    c.rows.element,
    c.base.element,
    el('div', { class: 'seed-row' }, c.seed.element, c.resample),
    el('p', { class: 'hint' }, language.text('controls.hint')),
    el('div', { class: 'buttons' }, ...widget.copyControls),
  );
}

function legend(language) {
  return el(
    'ul',
    { class: 'legend' },
    ...MODES.map((mode) =>
      el('li', { class: MODE_COLORS[mode] }, el('span', { class: 'swatch' }), el('span', {}, language.text(`mode.${mode}`))),
    ),
    el('li', { class: 'ceiling' }, el('span', { class: 'swatch dashed' }), el('span', {}, language.text('series.ceiling'))),
  );
}

function sweepPanel(language, r, computing) {
  return el(
    'section',
    { class: 'panel', 'aria-labelledby': 'ent-sweep-heading' },
    el('h3', { id: 'ent-sweep-heading' }, language.text('sweep.heading')),
    el('p', { class: 'hint' }, language.text('sweep.hint')),
    computing,
    r.sweepPlot.element,
    legend(language),
  );
}

function jlPanel(language, c, r) {
  const chips = r.chips;
  return el(
    'section',
    { class: 'panel wide', 'aria-labelledby': 'ent-jl-heading' },
    el('h3', { id: 'ent-jl-heading' }, language.text('jl.heading')),
    el('div', { class: 'pair' }, c.k.element, c.eps.element),
    el(
      'div',
      { class: 'halves' },
      el(
        'div',
        {},
        el('p', { class: 'hint' }, language.rich('jl.hint', { N: num(String(JL_POINTS)), M: num(String(JL_DIM)), k: v('k') })),
        r.rhoPlot.element,
        el(
          'div',
          { class: 'chips' },
          el('span', { class: 'chip' }, language.rich('jl.within', { value: chips.within })),
          el(
            'span',
            { class: 'chip' },
            language.rich('jl.required', { N: num(String(JL_POINTS)), simple: chips.simple, chernoff: chips.chernoff, exact: chips.exact }),
          ),
          el('span', { class: 'chip' }, language.rich('jl.rule', { rule8: chips.rule8 })),
        ),
      ),
      el(
        'div',
        {},
        el('h4', {}, language.text('head.heading')),
        el('p', { class: 'hint' }, language.text('head.hint')),
        r.headPlot.element,
        el(
          'ul',
          { class: 'legend' },
          el('li', { class: 'c2' }, el('span', { class: 'swatch' }), el('span', { translate: 'no' }, 'd_n = d log₅₁₂ n')),
          el('li', { class: 'c3' }, el('span', { class: 'swatch dashed' }), el('span', {}, language.text('head.eight'))),
          el('li', { class: 'ceiling' }, el('span', { class: 'swatch dashed' }), el('span', {}, language.text('head.bert'))),
        ),
      ),
    ),
  );
}

function normalPanel(language, c, r, warnings) {
  const chips = r.chips;
  const gamma = v('γ');
  const H = v('H');
  return el(
    'section',
    { class: 'panel wide', 'aria-labelledby': 'ent-norm-heading' },
    el('h3', { id: 'ent-norm-heading' }, language.text('norm.heading')),
    el('p', { class: 'hint' }, language.text('norm.hint')),
    el(
      'div',
      { class: 'pair' },
      el('div', { class: 'control' }, el('label', { for: 'dist' }, language.text('controls.dist')), c.dist),
      c.targetBox,
    ),
    el(
      'div',
      { class: 'chips' },
      el(
        'span',
        { class: 'chip solver' },
        language.rich('norm.solver', { gamma, H: H.cloneNode(true), value: chips.solverGamma, entropy: chips.solverH }),
      ),
      el(
        'span',
        { class: 'chip loop' },
        language.rich('norm.loop', { gamma: gamma.cloneNode(true), H: H.cloneNode(true), value: chips.loopGamma, entropy: chips.loopH }),
      ),
    ),
    warnings.status,
    warnings.reversed,
    warnings.overflow,
    warnings.nan,
    el('div', { class: 'halves' }, r.barsPlot.element, r.gammaPlot.element),
    el('p', { class: 'hint' }, language.text('norm.legend')),
  );
}

/** The widget's element, and the parts the view changes: { element, warnings, computing }. */
export function layout(widget, c, r, panels = []) {
  const { language } = widget;
  const line = (key) => el('p', { class: 'warning', hidden: true }, language.text(key));
  const warnings = {
    status: el('p', { class: 'warning', hidden: true }),
    statusText: (status) => language.text(`norm.status.${status}`),
    reversed: line('norm.reversed'),
    overflow: line('norm.overflow'),
    nan: line('norm.nan'),
  };
  const computing = el('p', { class: 'computing', role: 'status', hidden: true }, language.text('sweep.computing'));
  const element = widgetBody(widget, headline(language, r.chips), [
    controlsPanel(widget, c),
    sweepPanel(language, r, computing),
    jlPanel(language, c, r),
    normalPanel(language, c, r, warnings),
    ...panels,
  ]);
  return { element, warnings, computing };
}
