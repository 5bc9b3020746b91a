// The example matrices of <mathlet-pinv> (from pseudo-inverse.md §3-4) and the attributes that
// pick one or give a matrix:  preset="rank-deficient"  or  matrix="1 2; 3 4"  and  rtol="1e-8".
import { parseMatrixText } from '../parts/matrix-editor.js';
import { parseNumber } from '../parts/number-text.js';

export const MAX_SIZE = 6;

// A = Q diag(1, 1e-9) Q^T with Q the rotation by 30 degrees (T-P9): the article's eigen route loses it.
const c = Math.cos(Math.PI / 6);
const s = Math.sin(Math.PI / 6);
const illConditioned = [[c * c + 1e-9 * s * s, c * s - 1e-9 * c * s], [c * s - 1e-9 * c * s, s * s + 1e-9 * c * c]];

export const PRESETS = [
  { id: 'rank-deficient', label: 'Rank-deficient 3 × 3 (rank 2)', matrix: [[1, 2, 3], [4, 5, 6], [7, 8, 9]] },
  { id: 'rank-one', label: 'Rank one 2 × 2', matrix: [[1, 2], [2, 4]] },
  { id: 'near-singular', label: 'Near-singular (1 + 10⁻¹⁰ corner)', matrix: [[1, 1], [1, 1 + 1e-10]] },
  { id: 'ill-conditioned', label: 'Ill-conditioned, σ = (1, 10⁻⁹)', matrix: illConditioned },
  { id: 'tall', label: 'Tall 4 × 3 (rank 2)', matrix: [[1, 0, 1], [0, 1, 1], [1, 1, 2], [2, -1, 1]] },
  { id: 'tall-full', label: 'Tall 3 × 2 (full column rank)', matrix: [[1, 0], [0, 1], [1, 1]] },
  { id: 'wide', label: 'Wide 2 × 3', matrix: [[1, 2, 3], [4, 5, 6]] },
  { id: 'invertible', label: 'Square invertible 2 × 2', matrix: [[2, 1], [1, 1]] },
  { id: 'zero', label: 'Zero 2 × 3', matrix: [[0, 0, 0], [0, 0, 0]] },
];
export const DEFAULT_PRESET = PRESETS[0];

export function readPreset(text) {
  if (text === null || text.trim() === '') return { value: null };
  const preset = PRESETS.find((p) => p.id === text.trim());
  return preset ? { value: preset } : { value: null, problem: `preset: unknown name "${text.slice(0, 40)}"` };
}

export function readMatrix(text) {
  if (text === null || text.trim() === '') return { value: null };
  const parsed = parseMatrixText(text, 'matrix', MAX_SIZE, MAX_SIZE);
  return parsed.error ? { value: null, problem: parsed.error } : { value: parsed.matrix };
}

/** rtol: a relative tolerance in [1e-17, 1] or empty for the default max(n, m) · eps. */
export function readRtol(text) {
  if (text === null || text.trim() === '') return { value: null };
  const parsed = parseNumber(text);
  if (parsed.error) return { value: null, problem: `rtol: ${parsed.error}` };
  if (!(parsed.value >= 1e-17 && parsed.value <= 1)) return { value: null, problem: 'rtol: must be between 1e-17 and 1' };
  return { value: parsed.value };
}
