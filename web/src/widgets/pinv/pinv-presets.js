// The example matrices of <mathlet-pinv> (from pseudo-inverse.md §3-4) and the readers of the
// attributes (and permalink fields) that set its state:
//   preset="rank-deficient"  or  matrix="1 2; 3 4",  rtol="1e-8" (or "default"),  route="eig",  eps="1e-6".
// Each reader returns { value } or { value: null, problem } with the problem in the widget's language.
import { parseMatrixText } from '../parts/matrix-text.js';
import { numberProblem, parseNumber } from '../parts/number-text.js';

export const MAX_SIZE = 6;
export const RTOL_MIN = 1e-17;
export const RTOL_MAX = 1;
export const ROUTES = ['bdcsvd', 'jacobi', 'cod', 'eig'];
export const DEFAULT_EPS = 1e-6;

// A = Q diag(1, 1e-9) Q^T with Q the rotation by 30 degrees (T-P9): the article's eigen route loses it.
const c = Math.cos(Math.PI / 6);
const s = Math.sin(Math.PI / 6);
const illConditioned = [
  [c * c + 1e-9 * s * s, c * s - 1e-9 * c * s],
  [c * s - 1e-9 * c * s, s * s + 1e-9 * c * c],
];

// Labels are the keys `preset.<id>` of pinv-text.js.
export const PRESETS = [
  {
    id: 'rank-deficient',
    matrix: [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ],
  },
  {
    id: 'rank-one',
    matrix: [
      [1, 2],
      [2, 4],
    ],
  },
  {
    id: 'near-singular',
    matrix: [
      [1, 1],
      [1, 1 + 1e-10],
    ],
  },
  { id: 'ill-conditioned', matrix: illConditioned },
  {
    id: 'tall',
    matrix: [
      [1, 0, 1],
      [0, 1, 1],
      [1, 1, 2],
      [2, -1, 1],
    ],
  },
  {
    id: 'tall-full',
    matrix: [
      [1, 0],
      [0, 1],
      [1, 1],
    ],
  },
  {
    id: 'wide',
    matrix: [
      [1, 2, 3],
      [4, 5, 6],
    ],
  },
  {
    id: 'invertible',
    matrix: [
      [2, 1],
      [1, 1],
    ],
  },
  {
    id: 'zero',
    matrix: [
      [0, 0, 0],
      [0, 0, 0],
    ],
  },
];
export const DEFAULT_PRESET = PRESETS[0];

const blank = (text) => text === null || text === undefined || text.trim() === '';

export function readPreset(text, language) {
  if (blank(text)) return { value: null };
  const preset = PRESETS.find((p) => p.id === text.trim());
  return preset ? { value: preset } : { value: null, problem: language.t('attr.unknownPreset', { name: text.slice(0, 40) }) };
}

export function readMatrix(text, language) {
  if (blank(text)) return { value: null };
  const parsed = parseMatrixText(text, 'matrix', MAX_SIZE, MAX_SIZE, language);
  return parsed.error ? { value: null, problem: parsed.error } : { value: parsed.matrix };
}

/** A number in [min, max] named `name` in messages; blank gives null (the default). */
function readBounded(name, text, min, max, language) {
  if (blank(text)) return { value: null };
  const parsed = parseNumber(text);
  const reason = parsed.error
    ? numberProblem(language, parsed)
    : !(parsed.value >= min && parsed.value <= max)
      ? language.t('number.between', { min: String(min), max: String(max) })
      : null;
  return reason ? { value: null, problem: language.t('field.problem', { name, reason }) } : { value: parsed.value };
}

/** rtol: a relative tolerance in [1e-17, 1]; blank or "default" for the default max(n, m) · eps. */
export function readRtol(text, language) {
  if (!blank(text) && text.trim() === 'default') return { value: null };
  return readBounded('rtol', text, RTOL_MIN, RTOL_MAX, language);
}

/** eps: the ridge weight where the readouts sit, inside the plotted range. */
export function readEps(text, language, min, max) {
  const read = readBounded('eps', text, min, max, language);
  return { ...read, value: read.value ?? DEFAULT_EPS };
}

export function readRoute(text, language) {
  if (blank(text)) return { value: 'bdcsvd' };
  return ROUTES.includes(text.trim())
    ? { value: text.trim() }
    : { value: 'bdcsvd', problem: language.t('attr.unknownRoute', { list: ROUTES.join(', ') }) };
}

/**
 * A matrix in attribute syntax for a permalink, "1,2;3,4": commas stay readable in a URL, and each
 * entry is the shortest text that reads back as the same double, so a link restores A exactly.
 */
export function matrixText(A) {
  return A.map((row) => row.map((v) => String(v)).join(',')).join(';');
}
