// The pure part of the "which factor keeps H fixed?" panel of <mathlet-entropy-attention> (E3, R7 and
// R10): the worker's run of the entropy-normalized sweep, and what the plot draws from it. For every
// query row and length, the factor on the standard scale that brings the row's entropy back to its
// value at L₀ (0 where no factor can); against it log_L₀ n (the log n rule) and the annealed
// Gaussian law √(1 + 2 log(n/L₀)/β²). Tested in Node.
import { LENGTHS } from './entropy-attention-attributes.js';

/** factorRun(background)(input) -> [{ n, median, q25, q75, reachable }] for input = { d, rows, seed, keys, gain, base }. */
export function factorRun(background) {
  return async ({ d, rows, seed, keys, gain, base }) => {
    const { api } = await background;
    const { points } = await api.entropyVsLength({ d, rows, seed, keys, gain, base, lengths: LENGTHS, modes: ['entropy-normalized'] });
    return points.map((p) => ({
      n: p.n,
      ...quartiles(Array.from(p.factors).filter((f) => f > 0)),
      reachable: p.factors.length - p.unreachableRows,
    }));
  };
}

/** The median and quartiles (type 7) of the values (NaN when there are none). */
export function quartiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => {
    if (!sorted.length) return Number.NaN;
    const h = (sorted.length - 1) * q;
    const lo = Math.floor(h);
    return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
  };
  return { median: at(0.5), q25: at(0.25), q75: at(0.75) };
}

/** The log n rule's factor log_L₀ n. */
export const lognFactor = (n, base) => Math.log(n) / Math.log(base);
/** The annealed Gaussian law's factor √(1 + 2 log(n/L₀)/β²) (R7), NaN where the root is of a negative number. */
export const annealedFactor = (n, base, gain) => Math.sqrt(1 + (2 * Math.log(n / base)) / gain ** 2);
