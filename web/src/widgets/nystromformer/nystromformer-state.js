// The state of <mathlet-nystromformer> and how text becomes state:
//   state = { preset, n, d, tau, m (1..min(n, 64)), landmarks, pinv, k, seed, amatrix, initscale }
// The attributes and the permalink fields share names and syntax (nystromformer-attributes.js), so
// a link restores exactly what the attributes would set. A problem is a function of the language's
// t(), worded again after a language switch. Pure: tested in Node.
import { readAttributeTable } from '../framework/attribute-table.js';
import { fieldReaders, readWhole } from '../parts/attribute-readers.js';
import { AMATRICES, DEFAULTS, LANDMARKS, LIMITS, MAX_SEED, PINVS, PRESETS, maxLandmarks } from './nystromformer-attributes.js';

const { whole, between, choice } = fieldReaders(LIMITS, DEFAULTS);
const readM = (text, n, fallback) => readWhole('m', text, 1, maxLandmarks(n), fallback);

const READERS = {
  preset: choice('preset', PRESETS),
  n: whole('n'),
  d: whole('d'),
  tau: between('tau'),
  landmarks: choice('landmarks', LANDMARKS),
  pinv: choice('pinv', PINVS),
  k: whole('k'),
  seed: (text, current) => readWhole('seed', text, 0, MAX_SEED, current?.seed ?? DEFAULTS.seed),
  amatrix: choice('amatrix', AMATRICES),
  initscale: between('initscale'),
};

/** The state the attributes (or a link) describe; m is read against n, after the others. */
export function readState(textOf, language) {
  const { m: _readAfterN, ...others } = attributes;
  const { state, problems } = readAttributeTable(others, textOf, language);
  const m = readM(textOf('m'), state.n, Math.min(DEFAULTS.m, maxLandmarks(state.n)));
  if (m.problem) problems.push(m.problem);
  return { state: { ...state, m: m.value }, problems };
}

/** A changed attribute (framework/attribute-table.js), read against the current state. */
export const attributes = {
  ...Object.fromEntries(
    Object.entries(READERS).map(([name, read]) => [
      name,
      { read: (text, _language, current) => read(text, current), state: (value) => ({ [name]: value }) },
    ]),
  ),
  n: { read: (text, _language, current) => READERS.n(text, current), state: (n, current) => nChange(n, current) },
  m: { read: (text, _language, current) => readM(text, current?.n ?? DEFAULTS.n, current?.m ?? DEFAULTS.m), state: (m) => ({ m }) },
};

/** A new sequence length keeps m where it fits (m <= n). */
export function nChange(n, current) {
  return current ? { n, m: Math.min(current.m, maxLandmarks(n)) } : { n };
}

/** Picking the sharp preset in the menu raises a small tau: unit-norm tokens need a large scale to be sharp (R14). */
export const SHARP_TAU = 64;
export function presetChange(preset, current) {
  return preset === 'sharp' && current.tau < SHARP_TAU / 4 ? { preset, tau: SHARP_TAU } : { preset };
}

/** What the permalink records. */
export const permalinkFields = (s) => ({
  preset: s.preset,
  n: s.n,
  d: s.d,
  tau: s.tau,
  m: s.m,
  landmarks: s.landmarks,
  pinv: s.pinv,
  k: s.k,
  seed: s.seed,
  amatrix: s.amatrix,
  initscale: s.initscale,
});

/** The logit scale s = tau / sqrt(d). */
export const scaleOf = (s) => s.tau / Math.sqrt(s.d);

/** What identifies Q, K and V (the demo inputs). */
export const inputsKey = (s) => `${s.preset}|${s.n}|${s.d}|${s.seed}`;
/** What identifies S (and so its singular values and the error-against-m curves): the inputs and the scale. */
export const attentionKey = (s) => `${inputsKey(s)}|${s.tau}`;
/** What identifies the landmark kernel A (the pseudo-inverse panel's matrix when amatrix = landmarks). */
export const kernelKey = (s) => `${attentionKey(s)}|${s.m}|${s.landmarks}`;
/** What identifies the pseudo-inverse panel's run: its matrix and the start's scale. */
export const iterationKey = (s) => `${s.amatrix === 'singular' ? 'T-N2' : kernelKey(s)}|${s.initscale}`;
