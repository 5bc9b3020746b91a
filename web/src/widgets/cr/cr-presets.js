// The example factor pairs (X, Y) of <mathlet-cr> and the attributes of the element:
//   preset="skewed"  r="6"  seed="1"  sampling="optimal" | "uniform" | "top"  keep="4,5"
// T-C1 and T-C2 are the exact cases of cr-approximation.md §4; the generated ones have l = 32 terms
// x_i y_iᵀ whose sizes fall off like 1/i (skewed) or stay level (even). Their captions are in
// cr-text.js (preset.<id>, sampling.<id>). A bad attribute gives `problem(t)`: its message in the
// widget's language (t is the widget's language.t), so it can be shown again after a switch.
import { parseNumber } from '../parts/number-text.js';
import { createSeededRandom } from '../parts/seeded-random.js';

export const MAX_SEED = 2 ** 32 - 1;
export const SAMPLINGS = ['optimal', 'uniform', 'top'];

function generated(alpha, { n = 12, l = 32, m = 12, rank = 3, align = 0.8, seed = 2024 } = {}) {
  // Term i leans towards one of `rank` shared directions (so XY is close to low rank, as products
  // in models are) and its size falls off like (i + 1)^(-alpha).
  const random = createSeededRandom(seed);
  const gaussians = (count) => Array.from({ length: count }, () => random.normal());
  const ux = Array.from({ length: rank }, () => gaussians(n));
  const uy = Array.from({ length: rank }, () => gaussians(m));
  const rest = Math.sqrt(1 - align * align);
  const X = Array.from({ length: n }, () => new Array(l));
  const Y = Array.from({ length: l }, () => new Array(m));
  for (let i = 0; i < l; i++) {
    const k = i % rank;
    const size = (i + 1) ** -alpha;
    for (let a = 0; a < n; a++) X[a][i] = round(size * (align * ux[k][a] + rest * random.normal()));
    for (let b = 0; b < m; b++) Y[i][b] = round(align * uy[k][b] + rest * random.normal());
  }
  return { X, Y };
}
const round = (v) => Math.round(v * 1000) / 1000;

export const PRESETS = [
  { id: 'skewed', ...generated(1) },
  { id: 'even', ...generated(0) },
  {
    id: 't-c2',
    X: [
      [2, 0, 1, 0, 3, 1],
      [0, 1, 1, 0, 0, 3],
      [1, 0, 0, 5, 1, 0],
    ],
    Y: [
      [1, 1, 0, 0],
      [0, 2, 0, 1],
      [1, 0, 1, 0],
      [0, 0, 1, 1],
      [2, 1, 0, 1],
      [0, 1, 1, 1],
    ],
  },
  {
    id: 't-c1',
    X: [
      [3, 0, 3],
      [0, 4, 4],
    ],
    Y: [
      [1, 0],
      [0, 2],
      [0, 1],
    ],
  },
  {
    id: 'cancellation',
    X: [
      [1, -1, 0.5, 0],
      [2, -2, 0, 0.5],
      [0, 0, 0.5, 0.5],
    ],
    Y: [
      [1, 2, 0],
      [1, 2, 0],
      [0, 1, 1],
      [1, 0, 1],
    ],
  },
];
export const DEFAULTS = { preset: PRESETS[0], r: 6, seed: 1, sampling: 'optimal', keep: [] };

export function readPreset(text) {
  if (text === null || text.trim() === '') return { value: DEFAULTS.preset };
  const preset = PRESETS.find((p) => p.id === text.trim());
  return preset ? { value: preset } : { value: DEFAULTS.preset, problem: (t) => t('attr.unknownPreset', { text: text.slice(0, 40) }) };
}

export function readWhole(name, text, min, max, fallback) {
  if (text === null || text.trim() === '') return { value: fallback };
  const parsed = parseNumber(text);
  if (parsed.error) return { value: fallback, problem: (t) => t('field.problem', { name, reason: t(`number.${parsed.reason}`) }) };
  if (!Number.isInteger(parsed.value) || parsed.value < min || parsed.value > max) {
    return { value: fallback, problem: (t) => t('attr.wholeBetween', { name, min, max }) };
  }
  return { value: parsed.value };
}

export function readSampling(text) {
  if (text === null || text.trim() === '') return { value: DEFAULTS.sampling };
  return SAMPLINGS.includes(text.trim()) ? { value: text.trim() } : { value: DEFAULTS.sampling, problem: (t) => t('attr.sampling') };
}

/**
 * The reader's own selection: distinct 0-based term indices below l, separated by commas or spaces
 * ("4, 5"); empty means none. Returned ascending.
 */
export function readKeep(text, l, fallback = DEFAULTS.keep) {
  if (text === null || text.trim() === '') return { value: [] };
  const parts = text
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean);
  const values = parts.map(Number);
  const bad = values.some((i) => !Number.isInteger(i) || i < 0 || i >= l) || parts.some((p) => !/^\d+$/.test(p));
  if (bad || new Set(values).size !== values.length) {
    return { value: fallback, problem: (t) => t('attr.keep', { max: l - 1 }) };
  }
  return { value: values.sort((a, b) => a - b) };
}
