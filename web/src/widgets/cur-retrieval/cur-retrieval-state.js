// The state of <mathlet-cur-retrieval> and how text becomes state:
//   state = { kind, beta, r, noise, seed, items, kq, tests, k, ki, kr, anchors, rtol, query, transform }
// The attributes and the permalink fields share names and syntax, so a link restores exactly what
// the attributes would set. checkState says why a combination cannot run (the framework keeps the
// last valid state and shows the reason inline). Pure: tested in Node.
import { readAttributeTable } from '../framework/attribute-table.js';
import { fieldReaders, readBetween, readChoice, readFlag, readWhole } from '../parts/attribute-readers.js';
import { BETA_MAX, DEFAULTS, ITEMS, KINDS, KS, LIMITS, MAX_SEED, METHODS, PRESETS, RTOLS } from './cur-retrieval-attributes.js';

const { whole, choice } = fieldReaders(LIMITS, DEFAULTS);
// A number from a short list (items, k, rtol): the problem lists the values allowed.
const listed = (name, list) => (text, current) => {
  const read = readChoice(
    name,
    text === null || text === undefined ? text : String(Number(String(text).trim()) || String(text).trim()),
    list.map(String),
    String(current?.[name] ?? DEFAULTS[name]),
  );
  return { value: Number(read.value), ...(read.problem ? { problem: read.problem } : {}) };
};

const READERS = {
  kind: choice('kind', KINDS),
  beta: (text, current) => readBetween('beta', text, 0, 4, current?.beta ?? DEFAULTS.beta),
  r: whole('r'),
  noise: (text, current) => readBetween('noise', text, ...LIMITS.noise, current?.noise ?? DEFAULTS.noise),
  seed: (text, current) => readWhole('seed', text, 0, MAX_SEED, current?.seed ?? DEFAULTS.seed),
  items: listed('items', ITEMS),
  kq: whole('kq'),
  tests: whole('tests'),
  k: listed('k', KS),
  ki: whole('ki'),
  kr: whole('kr'),
  anchors: choice('anchors', METHODS),
  rtol: listed('rtol', RTOLS),
  query: whole('query'),
  transform: (text, current) => readFlag('transform', text, current?.transform ?? DEFAULTS.transform),
};

/** Why `s` cannot run, as a function of t(), or null: the limits that involve two fields. */
export function checkState(s) {
  if (s.beta > BETA_MAX[s.kind]) return (t) => t('check.beta', { max: BETA_MAX[s.kind] });
  if (s.kr < s.k) return (t) => t('check.kr', { kr: s.kr, k: s.k });
  if (s.kr > s.items) return (t) => t('check.krItems', { kr: s.kr, items: s.items });
  if (s.anchors === 'deim' && s.ki > s.kq) return (t) => t('check.deim', { ki: s.ki, kq: s.kq });
  if (s.query >= s.tests) return (t) => t('check.query', { query: s.query, tests: s.tests });
  return null;
}

/** The state the attributes (or a link) describe; a combination checkState refuses falls back to the defaults of its fields. */
export function readState(textOf) {
  const { state, problems } = readAttributeTable(attributes, textOf);
  const problem = checkState(state);
  if (problem) {
    problems.push(problem);
    Object.assign(state, fitted(state));
  }
  return { state, problems };
}

/** The nearest state checkState accepts: β, k_r and the query brought into range, DEIM's k_i cut to k_q. */
export function fitted(s) {
  const kr = Math.min(Math.max(s.kr, s.k), s.items);
  return {
    beta: Math.min(s.beta, BETA_MAX[s.kind]),
    kr,
    ki: s.anchors === 'deim' ? Math.min(s.ki, s.kq) : s.ki,
    query: Math.min(s.query, s.tests - 1),
  };
}

/** A changed attribute (framework/attribute-table.js), read against the current state. */
export const attributes = Object.fromEntries(
  Object.entries(READERS).map(([name, read]) => [
    name,
    { read: (text, _language, current) => read(text, current), state: (value) => ({ [name]: value }) },
  ]),
);

/** A change from a menu that moves other fields with it: k raises k_r, items and tests keep k_r and the query in range. */
export function linkedChange(change, current) {
  const next = { ...current, ...change };
  const fit = fitted(next);
  const out = { ...change };
  for (const name of ['kr', 'query', 'beta']) if (fit[name] !== next[name] && !(name in change)) out[name] = fit[name];
  return out;
}

/** What a preset sets ("square" makes W square: k_i = k_q). */
export function presetChange(preset, current) {
  if (preset === 'square') return { ki: current.kq };
  return linkedChange(PRESETS[preset], current);
}

/** What the permalink records. */
export const permalinkFields = (s) => ({
  kind: s.kind,
  beta: s.beta,
  r: s.r,
  noise: s.noise,
  seed: s.seed,
  items: s.items,
  kq: s.kq,
  tests: s.tests,
  k: s.k,
  ki: s.ki,
  kr: s.kr,
  anchors: s.anchors,
  rtol: s.rtol,
  query: s.query,
  transform: s.transform,
});

/** The core's scorer parameters. */
export const scorerOf = (s) => ({ rank: s.r, noise: s.noise, kind: s.kind, beta: s.beta, seed: s.seed });

/** What identifies R (the anchor-query block): the generator and the sizes. */
export const generatorKey = (s) => `${s.kind}|${s.beta}|${s.r}|${s.noise}|${s.seed}|${s.items}|${s.kq}`;
/** What identifies the exact top-k of the test queries. */
export const truthKey = (s) => `${generatorKey(s)}|${s.tests}|${s.k}`;
/** What identifies the recall curves of X2 (every k_i): the truth, the anchor rule, rtol and what is indexed. */
export const curvesKey = (s) => `${truthKey(s)}|${s.anchors}|${s.rtol}|${s.transform}`;
/** What identifies the evaluation on screen (its anchors and index). */
export const evaluationKey = (s) => `${curvesKey(s)}|${s.ki}`;
