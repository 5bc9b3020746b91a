// The wasm heap returns to its baseline after calls, errors included: no C++ object or JS-side
// allocation outlives a call. Checked with malloc's own count of bytes in use.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { VARIANTS, loadVariant, rng } from './variants.js';

for (const variant of VARIANTS) {
  describe(`wasm heap (${variant})`, () => {
    it('is back at its baseline after 10,000 mixed calls, errors included', async () => {
      const m = await loadVariant(variant);
      const next = rng(99);
      const calls = [
        () => m.logsumexp(Array.from({ length: 1 + Math.floor(next() * 50) }, next), { tau: 0.5 }),
        () => m.logsumexp(new Float32Array(200).map(next)),
        () => m.softmax(Float64Array.from({ length: 30 }, next)),
        () => m.softmax(new Float32Array(30).map(next), { tau: 2 }),
        () => m.lseGradient([1, 2, 3]),
        () => m.lseHessian([1, 2, 3, 4]),
        () => m.lseBounds([1, 2, 3], { p: [0.2, 0.3, 0.5], y: [0, 1, 2] }),
        () => m.logsumexp([]), // error in the core
        () => m.logsumexp([1, 2], { tau: -1 }), // error in the core
        () => m.lseBounds([1, 2], { p: [0.9, 0.9] }), // error in the core, after allocations
        () => m.lseBounds([1, 2], { y: [1] }), // error in the core
        () => m.logsumexp('x'), // error in JS, before any allocation
        () => m.smoothTopK([3, 2, 1, 4], 2, { method: 'threshold-sigmoid', trace: true }).vjp([1, 0, 0, 0]),
        () => m.smoothTopK([3, 2, 1, 4], 2, { method: 'iterative-weighted' }).jacobian(),
        () => m.smoothTopK([3, 2, 1, 4], 7), // error in the core
        () => m.clipByGlobalNorm([Float32Array.of(3, 4), Float32Array.of(12)], 1),
        () => m.clipByGlobalNorm([[1, Infinity]], 1, { nonFinite: 'error' }), // error in the core
        () => m.simulateTraining({ steps: 20 }),
        () =>
          m.pinv([
            [1, 2],
            [3, 4],
            [5, 6],
          ]),
        () => m.pinv([[1, NaN]]), // error in the core, after the matrix was copied in
        () =>
          m.lstsq(
            [
              [1, 2],
              [3, 4],
            ],
            [1, 2],
          ),
      ];
      // Warm up so lazily created runtime state (first-call allocations) is in the baseline.
      for (const call of calls) {
        try {
          call();
        } catch {
          /* expected for the error cases */
        }
      }
      const baseline = m.heapInUse();
      let errors = 0;
      for (let i = 0; i < 10_000; i++) {
        try {
          calls[i % calls.length]();
        } catch {
          errors++;
        }
      }
      assert.ok(errors >= 3000, `expected the error cases to throw (${errors})`);
      assert.equal(m.heapInUse(), baseline);
    });
  });
}
