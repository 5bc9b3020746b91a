// The attributes that set the initial state of <mathlet-logsumexp>:
//   values="1, 2, 3"   the vector x (1 to 12 numbers, commas or spaces between them)
//   tau="1"            the temperature, 0.001 to 1000
//   t="3"              the Hölder order of R5, 1 to 10
// Each reader returns { value } or { value: fallback, problem } so the widget can say what it
// ignored; `problem(language)` words it in the widget's current language (and again after a switch).
import { el } from '../parts/create-element.js';
import { numberProblem, parseNumber, subscript } from '../parts/number-text.js';

export const MAX_COMPONENTS = 12;
export const DEFAULTS = { values: [1, 2, 3], tau: 1, t: 3 };

export function readValues(text) {
  if (text === null || text.trim() === '') return { value: DEFAULTS.values };
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length > MAX_COMPONENTS) {
    return {
      value: DEFAULTS.values,
      problem: (language) => language.t('attr.tooMany', { attr: 'values', max: MAX_COMPONENTS, count: parts.length }),
    };
  }
  const values = [];
  for (const [i, part] of parts.entries()) {
    const parsed = parseNumber(part);
    if (parsed.error) {
      return {
        value: DEFAULTS.values,
        problem: (language) =>
          language.t('attr.component', { attr: 'values', name: `x${subscript(i + 1)}`, reason: numberProblem(language, parsed) }),
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

/**
 * A message as nodes, with each attribute name that starts a clause ("tau: ...", "tau：...") in a
 * <code translate="no">: it is what the page author typed, in any language.
 */
export function withAttributeNames(text) {
  return text
    .split(/(\b(?:values|tau|t)(?=[:：]))/)
    .map((part, i) => (i % 2 ? el('code', { class: 'notranslate', translate: 'no' }, part) : part))
    .filter((part) => part !== '');
}
