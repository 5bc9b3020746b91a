// The state of <mathlet-performer> and how text becomes state:
//   state = { inputs: 'gaussian' | 'structured' | 'clusters', n: 2..512, d: 1..64, sharpness: 0.05..8 (σ),
//             m: 1..1024, kind: 'positive' | 'hyperbolic' | 'trig', orthogonal, causal,
//             seed (the inputs'), featureSeed (the random features': attribute draw), row, key (the pair (q_row, k_key)
//             whose estimate the histograms and the angle plot study: 0..n-1 each) }
// Attributes and permalink fields share names and syntax: n="128" sharpness="1" kind="trig"
// orthogonal="false" draw="3" key="17". A problem is a function of the language's t(), so
// it is worded again after a switch. Pure: testable in Node.
import { readBetween, readChoice, readFlag, readWhole } from '../parts/attribute-readers.js';

export const INPUTS = ['gaussian', 'structured', 'clusters'];
export const KINDS = ['positive', 'hyperbolic', 'trig'];
export const MAX_SEED = 2 ** 32 - 1;
export const LIMITS = { n: [2, 512], d: [1, 64], m: [1, 1024], sharpness: [0.05, 8] };
export const DEFAULTS = {
  inputs: 'gaussian',
  n: 128,
  d: 32,
  sharpness: 1,
  m: 128,
  kind: 'positive',
  orthogonal: true,
  causal: false,
  seed: 1,
  featureSeed: 1,
  row: 0,
  key: 0,
};

// Each attribute: its reader (against the current state where the range depends on it) and the
// part of the state it sets. `row` and `key` name tokens, so they are read against n.
const whole = (name, field, [min, max]) => ({
  read: (text, _l, current) => readWhole(name, text, min, max, current?.[field] ?? DEFAULTS[field]),
  state: (value) => ({ [field]: value }),
});
const token = (field) => ({
  read: (text, _l, current) => readWhole(field, text, 0, (current?.n ?? DEFAULTS.n) - 1, current?.[field] ?? DEFAULTS[field]),
  state: (value) => ({ [field]: value }),
});
export const attributes = {
  inputs: { read: (text, _l, c) => readChoice('inputs', text, INPUTS, c?.inputs ?? DEFAULTS.inputs), state: (inputs) => ({ inputs }) },
  n: { ...whole('n', 'n', LIMITS.n), state: (n, current) => ({ n, ...tokensWithin(current, n) }) },
  d: whole('d', 'd', LIMITS.d),
  sharpness: {
    read: (text, _l, c) => readBetween('sharpness', text, ...LIMITS.sharpness, c?.sharpness ?? DEFAULTS.sharpness),
    state: (sharpness) => ({ sharpness }),
  },
  m: whole('m', 'm', LIMITS.m),
  kind: { read: (text, _l, c) => readChoice('kind', text, KINDS, c?.kind ?? DEFAULTS.kind), state: (kind) => ({ kind }) },
  orthogonal: { read: (text, _l, c) => readFlag('orthogonal', text, c?.orthogonal ?? true), state: (orthogonal) => ({ orthogonal }) },
  causal: { read: (text, _l, c) => readFlag('causal', text, c?.causal ?? false), state: (causal) => ({ causal }) },
  seed: whole('seed', 'seed', [0, MAX_SEED]),
  draw: whole('draw', 'featureSeed', [0, MAX_SEED]),
  row: token('row'),
  key: token('key'),
};

/** The pair kept inside a sequence of n tokens (the last token where it would fall off the end). */
export function tokensWithin(current, n) {
  return { row: Math.min(current?.row ?? DEFAULTS.row, n - 1), key: Math.min(current?.key ?? DEFAULTS.key, n - 1) };
}

/** The state the attributes (or a link) describe: n is read first, and the pair against it. */
export function readState(textOf) {
  let state = { ...DEFAULTS };
  const problems = [];
  for (const [name, spec] of Object.entries(attributes)) {
    const read = spec.read(textOf(name), null, state);
    if (read.problem) problems.push(read.problem);
    state = { ...state, ...spec.state(read.value, state) };
  }
  return { state, problems };
}

/** A state transition's own rule: a shorter sequence keeps the studied pair inside it. */
export const normalize = (next) => ({ ...next, ...tokensWithin(next, next.n) });

/** What the permalink records (attribute names and syntax). */
export const permalinkFields = (s) => ({
  inputs: s.inputs,
  n: s.n,
  d: s.d,
  sharpness: s.sharpness,
  m: s.m,
  kind: s.kind,
  orthogonal: String(s.orthogonal),
  causal: String(s.causal),
  seed: s.seed,
  draw: s.featureSeed,
  row: s.row,
  key: s.key,
});

// What each computation depends on: a change elsewhere leaves its answer valid.
/** The inputs Q, K, V (and so the logit spread the sharpness is measured against). */
export const inputsKey = (s) => `${s.inputs}|${s.n}|${s.d}|${s.seed}`;
/** The error-against-m sweep: every m and kind at once, for these inputs, scale, mask and feature draws. */
export const sweepKey = (s) => `${inputsKey(s)}|${s.sharpness}|${s.causal}|${s.orthogonal}|${s.featureSeed}`;
/** The histograms: both kinds and both draws of one pair, at this m. */
export const spreadKey = (s) => `${inputsKey(s)}|${s.sharpness}|${s.row}|${s.key}|${s.m}|${s.featureSeed}`;
