// The controls of <mathlet-cur-retrieval> (cur-retrieval.md §5's shared controls): the generator
// (kind, β, rank r, noise σ, seed), the sizes (n_i, k_q, test queries), the retrieval (k, k_i, k_r,
// anchor rule, rtol), the presets and the query of the one-query picture. Each commits its change;
// show(state) puts every control on the state asked for last (or kept after a refusal) without
// touching the one being dragged.
import { el } from '../parts/create-element.js';
import { createIntegerField } from '../parts/integer-field.js';
import { createIntegerSlider } from '../parts/integer-slider.js';
import { createLogSlider } from '../parts/log-slider.js';
import { createSteppedSlider } from '../parts/stepped-slider.js';
import { ITEMS, KINDS, KS, LIMITS, MAX_SEED, METHODS, PRESETS, RTOLS } from './cur-retrieval-attributes.js';
import { linkedChange, presetChange } from './cur-retrieval-state.js';

const v = (name) => el('var', { translate: 'no' }, name);
const KI_STEPS = [1, 2, 4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256];
const KQ_STEPS = [8, 16, 32, 64, 96, 128, 192, 256];
const KR_STEPS = [1, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000];
const TEST_STEPS = [50, 100, 200, 300, 500];

function menu(id, values, caption, onchange) {
  return el('select', { id, onchange }, ...values.map((value) => el('option', { value: String(value) }, caption(value))));
}

// rtol as the menu writes it: "exact pinv" for the core's default, else a power of ten (an option's
// text cannot hold a protected span, and a translator would rewrite a decimal point).
const RTOL_TEXT = { 1e-4: '10⁻⁴', 1e-3: '10⁻³', 1e-2: '10⁻²', 3e-2: '3 × 10⁻²', 1e-1: '10⁻¹' };
export const rtolText = (t, value) => (value === 0 ? t('rtol.exact') : RTOL_TEXT[value]);

function sliders(widget, commit) {
  const { language, state } = widget;
  const stepped = (id, name, key, steps, [min, max], symbol = v(name)) =>
    createSteppedSlider({
      id,
      name,
      label: language.rich(key, { [id]: symbol }),
      steps,
      min,
      max,
      value: state[id],
      language,
      onChange: (value) => commit({ [id]: value }, id),
    });
  return {
    ki: stepped('ki', 'kᵢ', 'controls.ki', KI_STEPS, LIMITS.ki),
    kr: stepped('kr', 'kᵣ', 'controls.kr', KR_STEPS, LIMITS.kr),
    kq: stepped('kq', 'k_q', 'controls.kq', KQ_STEPS, LIMITS.kq, el('var', { translate: 'no' }, 'k', el('sub', {}, 'q'))),
    tests: stepped('tests', 'nₜ', 'controls.tests', TEST_STEPS, LIMITS.tests),
    r: createIntegerSlider({
      id: 'r',
      name: 'r',
      label: language.rich('controls.r', { r: v('r') }),
      min: LIMITS.r[0],
      max: LIMITS.r[1],
      value: state.r,
      language,
      onChange: (r) => commit({ r }, 'r'),
    }),
    noise: createLogSlider({
      id: 'noise',
      name: 'σ',
      label: language.rich('controls.noise', { sigma: v('σ') }),
      min: 0,
      max: 1,
      steps: 100,
      linear: true,
      ticks: [0, 0.5, 1],
      value: state.noise,
      language,
      onChange: (noise) => commit({ noise }, 'noise'),
    }),
    beta: createLogSlider({
      id: 'beta',
      name: 'β',
      label: language.rich('controls.beta', { beta: v('β') }),
      min: 0,
      max: 4,
      steps: 80,
      linear: true,
      ticks: [0, 1, 2, 3, 4],
      value: state.beta,
      language,
      onChange: (beta) => commit({ beta }, 'beta'),
    }),
  };
}

function menus(widget, commit) {
  const { language } = widget;
  const { t } = language;
  const pick =
    (name, parse = (x) => x) =>
    (event) =>
      commit(linkedChange({ [name]: parse(event.target.value) }, widget.state));
  const preset = menu(
    'preset',
    ['', ...Object.keys(PRESETS)],
    (id) => t(`preset.${id || 'choose'}`),
    (event) => {
      if (!event.target.value) return;
      commit(presetChange(event.target.value, widget.state));
      event.target.value = '';
    },
  );
  return {
    preset,
    kind: menu('kind', KINDS, (id) => t(`kind.${id}`), pick('kind')),
    items: menu('items', ITEMS, String, pick('items', Number)),
    k: menu('k', KS, String, pick('k', Number)),
    anchors: menu('anchors', METHODS, (id) => t(`method.${id}`), pick('anchors')),
    rtol: menu('rtol', RTOLS, (value) => rtolText(t, value), pick('rtol', Number)),
  };
}

/** createControls(widget) -> { ...each control, seed, query, show(state, { force, origin }) } */
export function createControls(widget) {
  const { language } = widget;
  const commit = (change, origin) => {
    if (Object.entries(change).every(([name, value]) => widget.state[name] === value)) return;
    widget.commit(change, origin);
  };
  const c = { ...sliders(widget, commit), ...menus(widget, commit) };
  const field = (id, label, max) =>
    createIntegerField({
      id,
      name: id,
      label,
      min: 0,
      max,
      value: widget.state[id],
      language,
      onChange: (value) => commit({ [id]: value }, id),
    });
  c.seed = field('seed', language.text('controls.seed'), MAX_SEED);
  c.query = field('query', language.text('controls.query'), LIMITS.query[1]);
  c.transform = el('input', {
    type: 'checkbox',
    id: 'transform',
    onchange: (event) => commit({ transform: event.target.checked }, 'transform'),
  });
  c.next = el(
    'button',
    { type: 'button', onclick: () => commit({ query: (widget.state.query + 1) % widget.state.tests }) },
    language.text('controls.nextQuery'),
  );

  let shown = null;
  c.show = (s, { force = false, origin = null } = {}) => {
    const changed = (name) => force || s[name] !== shown?.[name];
    for (const name of ['kind', 'items', 'k', 'anchors', 'rtol']) c[name].value = String(s[name]);
    c.transform.checked = s.transform;
    for (const name of ['ki', 'kr', 'kq', 'tests', 'r', 'noise', 'beta', 'seed', 'query'])
      if (changed(name) && origin !== name) c[name].setValue(s[name]);
    shown = s;
  };
  c.show(widget.state, { force: true });
  return c;
}
