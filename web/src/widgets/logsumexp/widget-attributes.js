// The attributes that set the initial state of <mathlet-logsumexp>:
//   values="1, 2, 3"   the vector x (1 to 12 numbers, commas or spaces between them)
//   tau="1"            the temperature, 0.001 to 1000
//   t="3"              the Hölder order of R5, 1 to 10
//   y="1.5, 1, 3.2"    the second vector of R7 and R8 (as many numbers as values; default: x shifted
//                      by the pattern 0.5, −1, 0.2, which gives logsumexp.md §5.3's y for x = 1, 2, 3)
//   mix="0.3"          the mixing weight of R8, 0 to 1: the point mix·x + (1 − mix)·y
// Each reader returns { value } or { value: fallback, problem } so the widget can say what it
// ignored; `problem(language)` words it in the widget's current language (and again after a switch).
import { el } from '../parts/create-element.js';
import { numberProblem, parseNumber, subscript } from '../parts/number-text.js';

export const MAX_COMPONENTS = 12;
export const DEFAULTS = { values: [1, 2, 3], tau: 1, t: 3, mix: 0.3 };

// y - x where the reader has not said otherwise, repeated along the vector.
const Y_OFFSETS = [0.5, -1, 0.2];

/** The second vector for x: `y` where it has an entry, x_i plus the default offset after that. */
export function fitY(y, x) {
  return x.map((a, i) => (y && i < y.length ? y[i] : a + Y_OFFSETS[i % Y_OFFSETS.length]));
}

export function readValues(text) {
  return readVector('values', 'x', text, DEFAULTS.values);
}

/**
 * The y attribute: null (the default, fitted to x later) or a vector. `current` (a changed
 * attribute on a mounted widget) holds the x it must match in length.
 */
export function readY(text, _language, current) {
  const read = readVector('y', 'y', text, null);
  if (read.problem || !read.value || !current || read.value.length === current.x.length) return read;
  const [count, n] = [read.value.length, current.x.length];
  return { value: null, problem: (language) => language.t('attr.yLength', { attr: 'y', count, n }) };
}

function readVector(attr, symbol, text, fallback) {
  if (text === null || text.trim() === '') return { value: fallback };
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length > MAX_COMPONENTS) {
    return {
      value: fallback,
      problem: (language) => language.t('attr.tooMany', { attr, max: MAX_COMPONENTS, count: parts.length }),
    };
  }
  const values = [];
  for (const [i, part] of parts.entries()) {
    const parsed = parseNumber(part);
    if (parsed.error) {
      return {
        value: fallback,
        problem: (language) =>
          language.t('attr.component', { attr, name: `${symbol}${subscript(i + 1)}`, reason: numberProblem(language, parsed) }),
      };
    }
    values.push(parsed.value);
  }
  return { value: values };
}

function readRanged(name, text, min, max, fallback) {
  if (text === null || text.trim() === '') return { value: fallback };
  const parsed = parseNumber(text);
  if (parsed.error)
    return { value: fallback, problem: (language) => language.t('field.problem', { name, reason: numberProblem(language, parsed) }) };
  if (!(parsed.value >= min && parsed.value <= max)) {
    return {
      value: fallback,
      problem: (language) => language.t('field.problem', { name, reason: language.t('number.between', { min, max }) }),
    };
  }
  return { value: parsed.value };
}

export const readTau = (text) => readRanged('tau', text, 1e-3, 1e3, DEFAULTS.tau);
export const readOrder = (text) => readRanged('t', text, 1, 10, DEFAULTS.t);
export const readMix = (text) => readRanged('mix', text, 0, 1, DEFAULTS.mix);

/**
 * A message as nodes, with each attribute name that starts a clause ("tau: ...", "tau：...") in a
 * <code translate="no">: it is what the page author typed, in any language.
 */
export function withAttributeNames(text) {
  return text
    .split(/(\b(?:values|tau|t|y|mix)(?=[:：]))/)
    .map((part, i) => (i % 2 ? el('code', { class: 'notranslate', translate: 'no' }, part) : part))
    .filter((part) => part !== '');
}
