// The attributes that set the initial state of <mathlet-smooth-topk>:
//   values="3, 2, 1, 4"    the scores x (2 to 10 numbers, commas or spaces between them)
//   k="2"                  how many entries to keep: a whole number from 1 to n - 1
//   tau="1"                the temperature, 0.001 to 100
//   method="iterative-weighted"   the method in focus (threshold line, temperature fan)
// Each reader returns { value } or { value: fallback, problem } so the widget can say what it ignored.
import { parseNumber, subscript } from '../parts/number-text.js';
import { METHOD_IDS } from './topk-methods.js';

export const MIN_COMPONENTS = 2;
export const MAX_COMPONENTS = 10;
export const TAU_MIN = 1e-3;
export const TAU_MAX = 1e2;
export const DEFAULTS = { values: [3, 2, 1, 4], k: 2, tau: 1, method: 'threshold-piecewise' };

export function readValues(text) {
  if (text === null || text.trim() === '') return { value: DEFAULTS.values };
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length < MIN_COMPONENTS || parts.length > MAX_COMPONENTS) {
    return { value: DEFAULTS.values, problem: `values: ${MIN_COMPONENTS} to ${MAX_COMPONENTS} numbers (got ${parts.length})` };
  }
  const values = [];
  for (const [i, part] of parts.entries()) {
    const parsed = parseNumber(part);
    if (parsed.error) return { value: DEFAULTS.values, problem: `values: x${subscript(i + 1)}: ${parsed.error}` };
    values.push(parsed.value);
  }
  return { value: values };
}

/** k for a vector of n entries: { value } or { error } (the reason, without the field name). */
export function checkK(value, n) {
  if (!Number.isInteger(value)) return { error: 'must be a whole number' };
  if (value < 1 || value > n - 1) return { error: `must be between 1 and ${n - 1} (n = ${n})` };
  return { value };
}

export function readK(text, n) {
  if (text === null || text.trim() === '') return { value: Math.min(DEFAULTS.k, n - 1) };
  const parsed = parseNumber(text);
  const checked = parsed.error ? parsed : checkK(parsed.value, n);
  return checked.error ? { value: Math.min(DEFAULTS.k, n - 1), problem: `k: ${checked.error}` } : checked;
}

export function readTau(text) {
  if (text === null || text.trim() === '') return { value: DEFAULTS.tau };
  const parsed = parseNumber(text);
  if (parsed.error) return { value: DEFAULTS.tau, problem: `tau: ${parsed.error}` };
  if (!(parsed.value >= TAU_MIN && parsed.value <= TAU_MAX)) {
    return { value: DEFAULTS.tau, problem: `tau: must be between ${TAU_MIN} and ${TAU_MAX}` };
  }
  return { value: parsed.value };
}

export function readMethod(text) {
  if (text === null || text.trim() === '') return { value: DEFAULTS.method };
  if (!METHOD_IDS.includes(text.trim())) return { value: DEFAULTS.method, problem: `method: unknown method "${text.trim()}"` };
  return { value: text.trim() };
}
