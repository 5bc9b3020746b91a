// The controls of <mathlet-entropy-attention>: the sweep's (gain β, head size d, keys, rows R, seed,
// base L₀, three presets), the JL picture's (k, ε) and the normalization panel's (distribution, target
// over its feasible interval, rebuilt when the distribution changes). Each commits its change;
// show(state) puts every control on the state asked for last (or kept after a refusal) without
// touching the one being dragged.
import { el, sym } from '../parts/create-element.js';
import { createIntegerSlider } from '../parts/integer-slider.js';
import { createLogSlider } from '../parts/log-slider.js';
import { commitChanged, createSeedControls } from '../parts/seed-controls.js';
import { DIMENSIONS, DISTRIBUTION_IDS, KEYS, LIMITS, MAX_SEED, articleGain } from './entropy-attention-attributes.js';
import { distChange, targetRange } from './entropy-attention-state.js';

const v = (name) => el('var', { translate: 'no' }, name);

// A menu; `protect`: its options are mostly numbers (p = (0.9, 0.09, 0.01)), kept from translators.
function menu(id, ids, caption, onchange, protect = false) {
  const option = (key) => el('option', { value: String(key), ...(protect ? { translate: 'no' } : {}) }, caption(key));
  return el('select', { id, onchange }, ...ids.map(option));
}

// The presets' captions: a few words and the gain they set, the gain kept from translators.
const PRESET_SYMBOLS = { random: 'β = 1', trained: 'β = 3', article: 'κ = 1/0.24' };

/** The presets of E2 (§5): the state change each button makes. */
export const PRESETS = {
  random: () => ({ gain: 1, d: 64, keys: 'gaussian' }),
  trained: () => ({ gain: 3, d: 64, keys: 'gaussian' }),
  article: () => ({ gain: articleGain(64), d: 64, keys: 'sphere' }),
};

// The sliders: [state field, symbol, label key, slot name, kind, options]; a field's range is LIMITS's
// unless the options say otherwise (the target's is its distribution's, targetRange).
const SLIDERS = [
  ['gain', 'β', 'controls.gain', 'beta', 'log', { ticks: [0.5, 1, 2.2, 5] }],
  ['rows', 'R', 'controls.rows', 'R', 'whole', {}],
  ['base', 'L₀', 'controls.base', 'L0', 'whole', {}],
  ['k', 'k', 'controls.k', 'k', 'whole', {}],
  ['eps', 'ε', 'controls.eps', 'eps', 'log', { linear: true, steps: 80, ticks: [0.1, 0.5, 0.9] }],
];

function slider(widget, commit, [id, name, key, slot, kind, options], range = LIMITS[id]) {
  const { language, state } = widget;
  const common = { id, name, label: language.rich(key, { [slot]: v(name) }), min: range[0], max: range[1], value: state[id], language };
  const onChange = (value) => commit({ [id]: value }, id);
  return kind === 'whole' ? createIntegerSlider({ ...common, onChange }) : createLogSlider({ ...common, ...options, onChange });
}

// The target's slider spans its distribution's feasible interval: a new one when the distribution changes.
const targetSlider = (widget, commit) => {
  const range = targetRange(widget.state.dist);
  return slider(widget, commit, ['target', 'H*', 'controls.target', 'H', 'log', { linear: true, ticks: range }], range);
};

/** createControls(widget) -> { ...each control, presets, seed, resample, show(state, { force, origin }) } */
export function createControls(widget) {
  const { language } = widget;
  const commit = commitChanged(widget);
  const c = Object.fromEntries(SLIDERS.map((spec) => [spec[0], slider(widget, commit, spec)]));
  c.d = menu('d', DIMENSIONS, String, (event) => commit({ d: Number(event.target.value) }));
  c.keys = menu(
    'keys',
    KEYS,
    (id) => language.text(`keys.${id}`),
    (event) => commit({ keys: event.target.value }),
  );
  c.dist = menu(
    'dist',
    DISTRIBUTION_IDS,
    (id) => language.text(`dist.${id}`),
    (event) => commit(distChange(event.target.value)),
    true,
  );
  c.target = targetSlider(widget, commit);
  c.targetBox = el('div', { class: 'target-box' }, c.target.element);
  c.presets = Object.entries(PRESETS).map(([name, change]) =>
    el(
      'button',
      { type: 'button', class: 'preset', 'data-preset': name, onclick: () => commit(change()) },
      language.rich(`preset.${name}`, { value: sym(PRESET_SYMBOLS[name]) }),
    ),
  );
  Object.assign(c, createSeedControls(widget, commit, MAX_SEED));

  let shown = widget.state;
  // `origin` names the control the change came from: it already shows the value (and may be mid-drag).
  c.show = (s, { force = false, origin = null } = {}) => {
    const changed = (name) => force || s[name] !== shown[name];
    c.d.value = String(s.d);
    c.keys.value = s.keys;
    c.dist.value = s.dist;
    if (changed('dist')) {
      const next = targetSlider(widget, commit);
      c.target.element.replaceWith(next.element);
      c.target = next;
    } else if (changed('target') && origin !== 'target') c.target.setValue(s.target);
    for (const [name] of SLIDERS) if (changed(name) && origin !== name) c[name].setValue(s[name]);
    if (changed('seed') && origin !== 'seed') c.seed.setValue(s.seed);
    shown = s;
  };
  c.show(widget.state);
  return c;
}
