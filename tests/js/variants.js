// Both wasm builds, loaded once each, for tests that must pass on SIMD and baseline alike.
import { load } from '../../web/src/core/index.js';

// In Node both; a browser page running these files (tests/e2e/api-in-browser.test.js) may set
// globalThis.MATHLETS_VARIANTS first, e.g. to ['baseline'] on an engine without SIMD.
export const VARIANTS = globalThis.MATHLETS_VARIANTS ?? ['simd', 'baseline'];
export const loadVariant = (variant) => load({ variant });

// |actual - expected| <= rel * max(1, |expected|); equal infinities and NaN with NaN match.
export function close(actual, expected, rel) {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected));
}

// Deterministic random numbers for property tests (mulberry32).
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
