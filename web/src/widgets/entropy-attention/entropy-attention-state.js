// The state of <mathlet-entropy-attention> and how text becomes state:
//   state = { d, gain, keys, rows, seed, base, k, eps, dist, target }
// The attributes and the permalink fields share names and syntax (entropy-attention-attributes.js),
// so a link restores exactly what the attributes would set. target is read against the distribution
// (it must lie in the feasible interval (log r, log n₊], R10). A problem is a function of the
// language's t(), worded again after a language switch. Pure: tested in Node.
import { readAttributeTable } from '../framework/attribute-table.js';
import { fieldReaders, readBetween, readChoice, readWhole } from '../parts/attribute-readers.js';
import { DEFAULTS, DIMENSIONS, DISTRIBUTIONS, DISTRIBUTION_IDS, KEYS, LIMITS, MAX_SEED } from './entropy-attention-attributes.js';

const { whole, between, choice } = fieldReaders(LIMITS, DEFAULTS);

/** The feasible targets of a distribution, [log r + 0.01, log n₊] (r: ties at the top, n₊: the support), rounded to 3 decimals inward. */
export function targetRange(dist) {
  const p = DISTRIBUTIONS[dist].p;
  const top = Math.max(...p);
  const r = p.filter((x) => x === top).length;
  const support = p.filter((x) => x > 0).length;
  return [Math.ceil((Math.log(r) + 0.01) * 1000) / 1000, Math.floor(Math.log(support) * 1000) / 1000];
}

const READERS = {
  d: (text, current) => {
    const read = readChoice('d', text, DIMENSIONS.map(String), String(current?.d ?? DEFAULTS.d));
    return { ...read, value: Number(read.value) };
  },
  gain: between('gain'),
  keys: choice('keys', KEYS),
  rows: whole('rows'),
  seed: (text, current) => readWhole('seed', text, 0, MAX_SEED, current?.seed ?? DEFAULTS.seed),
  base: whole('base'),
  k: whole('k'),
  eps: between('eps'),
  dist: choice('dist', DISTRIBUTION_IDS),
};
const readTarget = (text, dist, fallback) => readBetween('target', text, ...targetRange(dist), fallback);

/** The state the attributes (or a link) describe; target is read against dist (the table's other readers first). */
export function readState(textOf, language) {
  const { target: _, ...others } = attributes;
  const { state, problems } = readAttributeTable(others, textOf, language);
  const target = readTarget(textOf('target'), state.dist, state.target);
  if (target.problem) problems.push(target.problem);
  return { state: { ...state, target: target.value }, problems };
}

/** A new distribution brings its own target (the one T-E7 names for it). */
export const distChange = (dist) => ({ dist, target: DISTRIBUTIONS[dist].target });

/** A changed attribute (framework/attribute-table.js), read against the current state. */
export const attributes = {
  ...Object.fromEntries(
    Object.entries(READERS).map(([name, read]) => [
      name,
      { read: (text, _language, current) => read(text, current), state: (value) => ({ [name]: value }) },
    ]),
  ),
  dist: { read: (text, _language, current) => READERS.dist(text, current), state: (dist) => distChange(dist) },
  target: {
    read: (text, _language, current) => readTarget(text, current?.dist ?? DEFAULTS.dist, current?.target ?? DEFAULTS.target),
    state: (target) => ({ target }),
  },
};

/** What the permalink records. */
export const permalinkFields = (s) => ({
  d: s.d,
  gain: s.gain,
  keys: s.keys,
  rows: s.rows,
  seed: s.seed,
  base: s.base,
  k: s.k,
  eps: s.eps,
  dist: s.dist,
  target: s.target,
});

/** What identifies the sweep's draw (the scores Q Kᵀ the worker keeps). */
export const drawKey = (s) => `${s.d}|${s.rows}|${s.seed}|${s.keys}`;
/** What identifies the sweep's curves: the draw, the gain and the base. */
export const sweepKey = (s) => `${drawKey(s)}|${s.gain}|${s.base}`;
/** What identifies the JL picture. */
export const jlKey = (s) => `${s.k}|${s.eps}|${s.seed}`;
/** What identifies the normalization panel. */
export const normalizeKey = (s) => `${s.dist}|${s.target}`;
