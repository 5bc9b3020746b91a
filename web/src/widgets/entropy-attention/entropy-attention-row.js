// The pure part of the "one row" panel of <mathlet-entropy-attention> (E1, R1 and R3): the logits a
// reader types, read into numbers with a message naming what is wrong, and the row's entropy as a
// function of the scale λ (the inset). Tested in Node.
import { parseNumber } from '../parts/number-text.js';

export const MAX_LOGITS = 32;
export const DEFAULT_LOGITS = [0, 0.5, -2, 3, -1.25];
/** The shift the naive forms cannot take (T-E1: (10⁸, 10⁸ + 1)). */
export const SHIFT = 1e8;
export const SCALE_RANGE = [0.01, 100];

/** parseLogits(text) -> { values } | { problem: (t) => message } (the field is named 'z'). */
export function parseLogits(text) {
  const parts = String(text)
    .split(/[\s,;]+/)
    .filter(Boolean);
  if (parts.length === 0) return { problem: (t) => t('row.z.empty') };
  if (parts.length > MAX_LOGITS) return { problem: (t) => t('row.z.many', { max: MAX_LOGITS }) };
  const values = [];
  for (const part of parts) {
    const parsed = parseNumber(part);
    if (parsed.error) return { problem: (t) => t('row.z.bad', { part }) };
    values.push(parsed.value);
  }
  return { values };
}

/** The scales of the inset, evenly spread on a log axis over SCALE_RANGE. */
export const INSET_SCALES = Array.from({ length: 97 }, (_, i) => SCALE_RANGE[0] * 10 ** (i / 24));

/** H(λ) of the row z at every inset scale: rowEntropy(z, { scale }) -> [{ x: λ, y: H }]. */
export const entropyAgainstScale = (rowEntropy, z) => INSET_SCALES.map((scale) => ({ x: scale, y: rowEntropy(z, { scale }).entropy }));

/** Whether a naive form fails: not finite, or off the stable entropy by more than 1e-9 (relative to max(1, H)). */
export const naiveFails = (naive, H) => !Number.isFinite(naive) || Math.abs(naive - H) > 1e-9 * Math.max(1, Math.abs(H));
