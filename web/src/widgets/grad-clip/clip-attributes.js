// The attributes that set the initial state of <mathlet-grad-clip>:
//   g="3, 4"      the gradient in the plane (two numbers, commas or spaces between them)
//   tau="1"       the clipping threshold, 0.01 to 100
// Each reader returns { value } or { value: fallback, problem } so the widget can say what it
// ignored; `problem(language)` words it in the widget's language (read again when that changes).
import { numberProblem, parseNumber, subscript } from '../parts/number-text.js';

export const TAU_MIN = 1e-2;
export const TAU_MAX = 1e2;
export const DEFAULTS = { g: [2.4, 1.8], tau: 1 };

export function readGradient(text) {
  if (text === null || text.trim() === '') return { value: DEFAULTS.g };
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length !== 2) return { value: DEFAULTS.g, problem: (language) => language.t('attr.gCount', { count: parts.length }) };
  const values = [];
  for (const [i, part] of parts.entries()) {
    const parsed = parseNumber(part);
    if (parsed.error) {
      return {
        value: DEFAULTS.g,
        problem: (language) => language.t('attr.gNumber', { name: `g${subscript(i + 1)}`, reason: numberProblem(language, parsed) }),
      };
    }
    values.push(parsed.value);
  }
  return { value: values };
}

export function readTau(text) {
  if (text === null || text.trim() === '') return { value: DEFAULTS.tau };
  const parsed = parseNumber(text);
  if (parsed.error)
    return { value: DEFAULTS.tau, problem: (language) => language.t('attr.tauNumber', { reason: numberProblem(language, parsed) }) };
  if (!(parsed.value >= TAU_MIN && parsed.value <= TAU_MAX)) {
    return { value: DEFAULTS.tau, problem: (language) => language.t('attr.tauRange', { min: TAU_MIN, max: TAU_MAX }) };
  }
  return { value: parsed.value };
}
