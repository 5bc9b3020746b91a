// Readers of one attribute's (or permalink field's) text for a widget's attribute table
// (framework/attribute-table.js): a whole number in a range, any number in a range, one of a list,
// true or false.
// Each returns { value } or, for text it cannot use, { value: fallback, problem } where the problem
// is a function of the widget's language.t() naming the attribute (worded again after a switch).
// Missing or blank text is the fallback without a problem. The messages' keys ('attr.wholeBetween',
// 'attr.between', 'attr.oneOf' and the shared 'field.problem') are the widget's catalog's.
import { parseNumber } from './number-text.js';

const blank = (text) => text === null || text === undefined || String(text).trim() === '';

// The problem of text that is no number at all ("n: not a number").
const notANumber = (name, parsed) => (t) => t('field.problem', { name, reason: t(`number.${parsed.reason}`) });

/** A whole number in [min, max]. */
export function readWhole(name, text, min, max, fallback) {
  if (blank(text)) return { value: fallback };
  const parsed = parseNumber(text);
  if (parsed.error) return { value: fallback, problem: notANumber(name, parsed) };
  if (!Number.isInteger(parsed.value) || parsed.value < min || parsed.value > max) {
    return { value: fallback, problem: (t) => t('attr.wholeBetween', { name, min, max }) };
  }
  return { value: parsed.value };
}

/** Any number in [min, max]. */
export function readBetween(name, text, min, max, fallback) {
  if (blank(text)) return { value: fallback };
  const parsed = parseNumber(text);
  if (parsed.error) return { value: fallback, problem: notANumber(name, parsed) };
  if (parsed.value < min || parsed.value > max) return { value: fallback, problem: (t) => t('attr.between', { name, min, max }) };
  return { value: parsed.value };
}

/** One of `choices` (the ids a menu offers). */
export function readChoice(name, text, choices, fallback) {
  if (blank(text)) return { value: fallback };
  const value = String(text).trim();
  return choices.includes(value) ? { value } : { value: fallback, problem: (t) => t('attr.oneOf', { name, list: choices.join(', ') }) };
}

/** true or false. */
export function readFlag(name, text, fallback) {
  if (blank(text)) return { value: fallback };
  const value = String(text).trim();
  if (value === 'true' || value === 'false') return { value: value === 'true' };
  return { value: fallback, problem: (t) => t('attr.oneOf', { name, list: 'true, false' }) };
}

/**
 * The three readers bound to a widget's tables: whole(name), between(name) and choice(name, list)
 * read a field in LIMITS[name] (or of the list), falling back to the current state's value, else
 * DEFAULTS[name]. The result reads (text, current) as an attribute table's entry does.
 */
export function fieldReaders(limits, defaults) {
  const fallback = (name, current) => current?.[name] ?? defaults[name];
  return {
    whole: (name) => (text, current) => readWhole(name, text, ...limits[name], fallback(name, current)),
    between: (name) => (text, current) => readBetween(name, text, ...limits[name], fallback(name, current)),
    choice: (name, list) => (text, current) => readChoice(name, text, list, fallback(name, current)),
  };
}
