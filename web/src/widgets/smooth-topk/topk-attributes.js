// The attributes that set the initial state of <mathlet-smooth-topk>:
//   values="3, 2, 1, 4"    the scores x: 2 to 10 numbers (commas or spaces between them), of which
//                          at least 2 finite; "inf" / "-inf" (or ∞, Infinity) may follow the
//                          finite ones, to see how each method treats an infinite score
//   k="2"                  how many entries to keep: any real number from 0 to n (GradTopK, I1
//                          and I2 are defined for whole numbers only and say so; ThreTopK takes
//                          a fractional k)
//   tau="1"                the temperature, 0.001 to 100
//   method="iterative-weighted"   the method in focus (threshold line, temperature fan)
// Each reader returns { value } or { value: fallback, problem } where problem is a message
// (message-nodes.js) naming the attribute, so the widget can say what it ignored in its language.
import { parseNumber, subscript } from '../parts/number-text.js';
import { message } from './message-nodes.js';
import { METHOD_IDS } from './topk-methods.js';

export const MIN_COMPONENTS = 2; // finite scores (the bars); the infinite ones come on top
export const MAX_COMPONENTS = 10; // all scores
export const TAU_MIN = 1e-3;
export const TAU_MAX = 1e2;
export const DEFAULTS = { values: [3, 2, 1, 4], k: 2, tau: 1, method: 'threshold-piecewise' };

const problem = (attr, reason) => message('attr.problem', { attr, reason });
const INFINITE = /^([+-]?)(inf|infinity|∞)$/i;

/** One score as typed in the attribute: a finite number, ±Infinity, or { error } (parseNumber's). */
function readScore(text) {
  const infinite = INFINITE.exec(text.replace(/[\u2212\u2013]/g, '-'));
  if (infinite) return { value: infinite[1] === '-' ? -Infinity : Infinity };
  return parseNumber(text);
}

/** The scores: { value: number[] } with the infinite ones (if any) after at least 2 finite ones. */
export function readValues(text) {
  if (text === null || text.trim() === '') return { value: DEFAULTS.values };
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const fail = (reason) => ({ value: DEFAULTS.values, problem: problem('values', reason) });
  if (parts.length < MIN_COMPONENTS || parts.length > MAX_COMPONENTS) {
    return fail(message('attr.count', { min: MIN_COMPONENTS, max: MAX_COMPONENTS, count: parts.length }));
  }
  const values = [];
  for (const [i, part] of parts.entries()) {
    const parsed = readScore(part);
    if (parsed.error) return fail(message('attr.value', { name: `x${subscript(i + 1)}`, reason: message(`number.${parsed.reason}`) }));
    if (Number.isFinite(parsed.value) && values.some((v) => !Number.isFinite(v))) return fail(message('attr.infiniteLast'));
    values.push(parsed.value);
  }
  if (values.filter(Number.isFinite).length < MIN_COMPONENTS) return fail(message('attr.fewFinite', { min: MIN_COMPONENTS }));
  return { value: values };
}

/** Splits the scores into the finite ones (the bars) and the infinite tail. */
export function splitScores(values) {
  const finite = values.filter(Number.isFinite);
  return { x: finite, extras: values.slice(finite.length) };
}

/** k for a vector of n entries: { value } or { error } (a message: the reason, without the field name). */
export function checkK(value, n) {
  if (!(value >= 0 && value <= n)) return { error: message('k.between', { n }) };
  return { value };
}

export function readK(text, n) {
  const fallback = Math.min(DEFAULTS.k, n);
  if (text === null || text.trim() === '') return { value: fallback };
  const parsed = parseNumber(text);
  const checked = parsed.error ? { error: message(`number.${parsed.reason}`) } : checkK(parsed.value, n);
  return checked.error ? { value: fallback, problem: problem('k', checked.error) } : checked;
}

export function readTau(text) {
  if (text === null || text.trim() === '') return { value: DEFAULTS.tau };
  const parsed = parseNumber(text);
  if (parsed.error) return { value: DEFAULTS.tau, problem: problem('tau', message(`number.${parsed.reason}`)) };
  if (!(parsed.value >= TAU_MIN && parsed.value <= TAU_MAX)) {
    return { value: DEFAULTS.tau, problem: problem('tau', message('number.between', { min: TAU_MIN, max: TAU_MAX })) };
  }
  return { value: parsed.value };
}

export function readMethod(text) {
  if (text === null || text.trim() === '') return { value: DEFAULTS.method };
  if (!METHOD_IDS.includes(text.trim()))
    return { value: DEFAULTS.method, problem: problem('method', message('attr.method', { name: `"${text.trim()}"` })) };
  return { value: text.trim() };
}
