// The example matrices of <mathlet-cur> and the attributes of the element:
//   preset="low-rank"  r="4"  select="deim"  middle="optimal" | "intersection"  seed="1"
// M₁ and M₃ are the exact cases T-U1 and T-U2 of cur-decomposition.md §4; the others are generated
// (always the same numbers) to have the spectra CUR is used on: a low-rank signal under noise, a
// smooth kernel matrix (the Nyström case) and a small picture. Captions are in cur-text.js
// (preset.<id>, method.<id>, middle.<id>). A bad attribute gives `problem(t)`: its message in the
// widget's language (t is the widget's language.t).
import { createSeededRandom } from '../parts/seeded-random.js';

export const MAX_SEED = 2 ** 32 - 1;
// Selection methods shown in the menu and on the error curves: [core name, colour].
export const METHODS = [
  ['leverage-top', 'c1'],
  ['pivoted-qr', 'c2'],
  ['deim', 'c3'],
  ['max-volume', 'c4'],
  ['uniform', 'c5'],
];
export const METHOD_IDS = METHODS.map(([id]) => id);
export const RANDOM_METHODS = new Set(['uniform']);
// Leverage scores use the dominant gamma = r singular vectors (cur-decomposition.md R6, T-U2): with
// the default gamma (the numerical rank) a full-rank matrix gives every score 1 and the tie rule
// would pick the first r rows and columns.
export const LEVERAGE_METHODS = new Set(['leverage-top', 'leverage-sample']);
export const MIDDLES = ['optimal', 'intersection'];
const MAX_VOLUME_PAIRS = 2e5; // the core's cap on enumerated (rows, cols) choices

const round = (v) => Math.round(v * 1000) / 1000;

function lowRankPlusNoise({ n = 20, m = 24, rank = 4, noise = 0.04, seed = 7 } = {}) {
  const random = createSeededRandom(seed);
  const F = Array.from({ length: n }, () => Array.from({ length: rank }, () => random.normal()));
  const G = Array.from({ length: rank }, (_, k) => Array.from({ length: m }, () => random.normal() * 0.6 ** k));
  return F.map((row) => G[0].map((_, j) => round(row.reduce((s, f, k) => s + f * G[k][j], 0) + noise * random.normal())));
}

function kernel({ n = 24, m = 24, seed = 11 } = {}) {
  const random = createSeededRandom(seed);
  const a = Array.from({ length: n }, () => 3 * random.uniform()).sort((x, y) => x - y);
  const b = Array.from({ length: m }, () => 3 * random.uniform()).sort((x, y) => x - y);
  return a.map((ai) => b.map((bj) => round(Math.exp(-((ai - bj) ** 2)))));
}

function picture({ size = 28 } = {}) {
  const blob = (x, y, cx, cy, s) => Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * s * s));
  return Array.from({ length: size }, (_, i) =>
    Array.from({ length: size }, (_, j) => {
      const x = j / (size - 1);
      const y = i / (size - 1);
      return round(
        0.25 +
          0.9 * blob(x, y, 0.32, 0.35, 0.14) +
          0.7 * blob(x, y, 0.7, 0.62, 0.1) -
          0.5 * blob(x, y, 0.62, 0.22, 0.08) +
          (Math.abs(x - 0.5) < 0.04 && y > 0.55 ? 0.6 : 0) +
          0.3 * y,
      );
    }),
  );
}

export const PRESETS = [
  { id: 'low-rank', matrix: lowRankPlusNoise() },
  { id: 'kernel', matrix: kernel() },
  { id: 'picture', matrix: picture() },
  {
    id: 'm1',
    matrix: [
      [1, 2, 0, 1, 3],
      [0, 1, 1, 2, 1],
      [1, 3, 1, 3, 4],
      [2, 5, 1, 4, 7],
    ],
  },
  {
    id: 'm3',
    matrix: [
      [9, 8, 5, 3],
      [7, 4, 2, -1],
      [3, 4, 4, 6],
      [0, 3, 6, 10],
      [5, 6, 7, 6],
    ],
  },
];
export const DEFAULTS = { preset: PRESETS[0], r: 4, select: 'deim', middle: 'optimal', seed: 1 };

function binomial(n, k) {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
}
/** Whether max-volume (enumeration of every row and column choice) is allowed at this size. */
export const maxVolumeFeasible = (rows, cols, r) => binomial(rows, r) * binomial(cols, r) <= MAX_VOLUME_PAIRS;

export function readPreset(text) {
  if (text === null || text.trim() === '') return { value: DEFAULTS.preset };
  const preset = PRESETS.find((p) => p.id === text.trim());
  return preset ? { value: preset } : { value: DEFAULTS.preset, problem: (t) => t('attr.unknownPreset', { text: text.slice(0, 40) }) };
}
