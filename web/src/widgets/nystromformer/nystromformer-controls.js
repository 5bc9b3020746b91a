// The controls of <mathlet-nystromformer>: the tokens (preset, n, d, temperature, seed), the
// approximation (m, landmark rule, middle matrix, iterations) and the pseudo-inverse panel's own
// (its matrix A and the start's scale). Each commits its change; show(state) puts every control on
// the state asked for last (or kept after a refusal) without touching the one being dragged.
import { el } from '../parts/create-element.js';
import { createIntegerField } from '../parts/integer-field.js';
import { createIntegerSlider } from '../parts/integer-slider.js';
import { createLogSlider } from '../parts/log-slider.js';
import { AMATRICES, LANDMARKS, LIMITS, MAX_SEED, PINVS, PRESETS, maxLandmarks } from './nystromformer-attributes.js';
import { nChange, presetChange } from './nystromformer-state.js';

const v = (name) => el('var', { translate: 'no' }, name);

function menu(id, ids, caption, onchange) {
  return el('select', { id, onchange }, ...ids.map((key) => el('option', { value: key }, caption(key))));
}

// The temperature's scale under its slider, evenly spread as log-slider.js prints it (0.05, 1, 16
// and 256 are about evenly spaced on a log axis). The part rounds a tick to two digits; 256 is
// written as it is.
const TAU_TICKS = [0.05, 1, 16, 256];
function exactTicks(slider, ticks) {
  slider.element.querySelectorAll('.scale span').forEach((span, i) => {
    span.textContent = String(ticks[i]);
  });
  return slider;
}

function sliders(widget, commit) {
  const { language, state } = widget;
  const whole = (id, name, key, min, max, change) =>
    createIntegerSlider({ id, name, label: language.rich(key, { [id]: v(name) }), min, max, value: state[id], onChange: change, language });
  return {
    n: whole('n', 'n', 'controls.n', ...LIMITS.n, (n) => commit(nChange(n, widget.state), 'n')),
    d: whole('d', 'd', 'controls.d', ...LIMITS.d, (d) => commit({ d }, 'd')),
    m: whole('m', 'm', 'controls.m', 1, maxLandmarks(state.n), (m) => commit({ m }, 'm')),
    k: whole('k', 'k', 'controls.k', ...LIMITS.k, (k) => commit({ k }, 'k')),
    tau: exactTicks(
      createLogSlider({
        id: 'tau',
        name: 'τ',
        label: language.rich('controls.tau', { tau: v('τ') }),
        min: LIMITS.tau[0],
        max: LIMITS.tau[1],
        value: state.tau,
        ticks: TAU_TICKS,
        onChange: (tau) => commit({ tau }, 'tau'),
        language,
      }),
      TAU_TICKS,
    ),
    initscale: createLogSlider({
      id: 'initscale',
      name: 'c',
      label: language.rich('study.init', { init: v('c') }),
      min: LIMITS.initscale[0],
      max: LIMITS.initscale[1],
      value: state.initscale,
      ticks: [0.1, 0.6, 3.4, 20],
      onChange: (initscale) => commit({ initscale }, 'initscale'),
      language,
    }),
  };
}

function menus(widget, commit) {
  const { language } = widget;
  const choose = (name) => (event) => commit({ [name]: event.target.value });
  return {
    preset: menu(
      'preset',
      PRESETS,
      (id) => language.text(`preset.${id}`),
      (event) => commit(presetChange(event.target.value, widget.state)),
    ),
    landmarks: menu('landmarks', LANDMARKS, (id) => language.text(`landmarks.${id}`), choose('landmarks')),
    pinv: menu('pinv', PINVS, (id) => language.text(`pinv.${id}`), choose('pinv')),
    amatrix: menu('amatrix', AMATRICES, (id) => language.text(`amatrix.${id}`), choose('amatrix')),
  };
}

/** createControls(widget) -> { ...each control, seed, resample, show(state, { force }) } */
export function createControls(widget) {
  const { language } = widget;
  // A slider reports a value on every move and again when let go: the same value is no change.
  const commit = (change, origin) => {
    if (Object.entries(change).every(([name, value]) => widget.state[name] === value)) return;
    widget.commit(change, origin);
  };
  const c = { ...sliders(widget, commit), ...menus(widget, commit) };
  c.seed = createIntegerField({
    id: 'seed',
    name: 'seed',
    label: language.text('controls.seed'),
    min: 0,
    max: MAX_SEED,
    value: widget.state.seed,
    onChange: (seed) => commit({ seed }, 'seed'),
    language,
  });
  c.resample = el(
    'button',
    { type: 'button', class: 'primary', onclick: () => commit({ seed: (widget.state.seed + 1) % (MAX_SEED + 1) }) },
    language.text('controls.resample'),
  );

  let shown = null;
  // `origin` names the control the change came from: it already shows the value (and may be mid-drag).
  c.show = (s, { force = false, origin = null } = {}) => {
    const changed = (name) => force || s[name] !== shown?.[name];
    for (const name of ['preset', 'landmarks', 'pinv', 'amatrix']) c[name].value = s[name];
    if (changed('n')) c.m.setRange(1, maxLandmarks(s.n));
    for (const name of ['n', 'd', 'm', 'k', 'tau', 'initscale']) if (changed(name) && origin !== name) c[name].setValue(s[name]);
    if (changed('seed') && origin !== 'seed') c.seed.setValue(s.seed);
    shown = s;
  };
  c.show(widget.state, { force: true });
  return c;
}
