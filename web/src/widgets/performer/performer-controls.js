// The controls of <mathlet-performer>: the data (inputs, n, d, sharpness σ, seed), the features (m,
// kind, orthogonal, causal, feature seed and "redraw features") and the studied pair (query row,
// key, "its top key"). Each commits its change; after a change or a refusal, show(state) puts every
// control on the state in use (a typed field that is being edited keeps its text unless forced).
import { el } from '../parts/create-element.js';
import { createIntegerField } from '../parts/integer-field.js';
import { createLogSlider } from '../parts/log-slider.js';
import { createSteppedSlider } from '../parts/stepped-slider.js';
import { topKey } from './performer-data.js';
import { INPUTS, KINDS, LIMITS, MAX_SEED } from './performer-state.js';

const v = (name) => el('var', { translate: 'no' }, name);
const N_STEPS = [2, 4, 8, 16, 32, 64, 96, 128, 192, 256, 384, 512];
const D_STEPS = [1, 2, 4, 8, 16, 24, 32, 48, 64];
const M_STEPS = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024];

function menu(id, ids, caption, onchange) {
  return el('select', { id, onchange }, ...ids.map((key) => el('option', { value: key }, caption(key))));
}

function checkbox(id, caption, onchange) {
  const input = el('input', { type: 'checkbox', id, onchange });
  return { input, element: el('label', { class: 'check', for: id }, input, caption) };
}

const stepped = (language, commit, id, name, caption, steps, [min, max], value) =>
  createSteppedSlider({ id, name, label: caption, steps, min, max, value, language, onChange: (x) => commit({ [id]: x }) });

/** The data and feature controls: { element parts, show(state, { force }) }. */
export function createControls(widget) {
  const { language, state } = widget;
  const commit = (change) => widget.commit(change);
  const seedField = (id, caption, value, field) =>
    createIntegerField({ id, name: id, label: caption, min: 0, max: MAX_SEED, value, language, onChange: (x) => commit({ [field]: x }) });
  const c = {
    inputs: menu(
      'inputs',
      INPUTS,
      (id) => language.text(`inputs.${id}`),
      (e) => commit({ inputs: e.target.value }),
    ),
    n: stepped(language, commit, 'n', 'n', language.rich('controls.n', { n: v('n') }), N_STEPS, LIMITS.n, state.n),
    d: stepped(language, commit, 'd', 'd', language.rich('controls.d', { d: v('d') }), D_STEPS, LIMITS.d, state.d),
    sharpness: createLogSlider({
      id: 'sharpness',
      name: 'σ',
      label: language.rich('controls.sharpness', { sigma: v('σ') }),
      min: LIMITS.sharpness[0],
      max: LIMITS.sharpness[1],
      value: state.sharpness,
      ticks: [0.05, 1, 8],
      onChange: (sharpness) => commit({ sharpness }),
      language,
    }),
    seed: seedField('seed', language.text('controls.seed'), state.seed, 'seed'),
    m: stepped(language, commit, 'm', 'm', language.rich('controls.m', { m: v('m') }), M_STEPS, LIMITS.m, state.m),
    kind: menu(
      'kind',
      KINDS,
      (id) => language.text(`kind.${id}`),
      (e) => commit({ kind: e.target.value }),
    ),
    orthogonal: checkbox('orthogonal', language.text('controls.orthogonal'), (e) => commit({ orthogonal: e.target.checked })),
    causal: checkbox('causal', language.text('controls.causal'), (e) => commit({ causal: e.target.checked })),
    featureSeed: seedField('draw', language.text('controls.featureSeed'), state.featureSeed, 'featureSeed'),
    redraw: el(
      'button',
      { type: 'button', class: 'primary', onclick: () => commit({ featureSeed: (widget.state.featureSeed + 1) % (MAX_SEED + 1) }) },
      language.text('controls.redraw'),
    ),
  };
  let shown = null;
  c.show = (s, { force = false } = {}) => {
    c.inputs.value = s.inputs;
    c.kind.value = s.kind;
    c.orthogonal.input.checked = s.orthogonal;
    c.causal.input.checked = s.causal;
    for (const key of ['n', 'd', 'm', 'sharpness', 'seed', 'featureSeed']) {
      if (force || s[key] !== shown?.[key]) c[key].setValue(s[key]);
    }
    shown = s;
  };
  c.show(state);
  return c;
}

/** The pair controls (query row, key, "top key"): { row, key, top, show(state, { force }) }. */
export function createPairControls(widget) {
  const { language, state } = widget;
  const field = (id, name, label) =>
    createIntegerField({
      id,
      name,
      label,
      min: 0,
      max: state.n - 1,
      value: state[id],
      language,
      onChange: (x) => widget.commit({ [id]: x }),
    });
  const p = {
    row: field('row', 'row', language.rich('pair.row', { i: v('i') })),
    key: field('key', 'key', language.rich('pair.key', { j: v('j') })),
    top: el(
      'button',
      {
        type: 'button',
        onclick: () => {
          const S = widget.derived.matrices?.S;
          if (S && S.rows === widget.state.n) widget.commit({ key: topKey(S, widget.state.row) });
        },
      },
      language.text('pair.top'),
    ),
  };
  let shown = null;
  p.show = (s, { force = false } = {}) => {
    p.row.setRange(0, s.n - 1);
    p.key.setRange(0, s.n - 1);
    if (force || s.row !== shown?.row) p.row.setValue(s.row);
    if (force || s.key !== shown?.key) p.key.setValue(s.key);
    shown = s;
  };
  p.show(state);
  return p;
}
