// load(): variant probing, caching, and the failure modes a user can hit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { load, simdSupported } from '../../web/src/core/index.js';

describe('load', () => {
  it('picks SIMD by probing when the engine supports it (Node 20 does)', async () => {
    assert.equal(simdSupported(), true);
    const m = await load();
    assert.equal(m.variant, 'simd');
  });

  it('returns the same instance for the same variant', async () => {
    assert.equal(await load({ variant: 'baseline' }), await load({ variant: 'baseline' }));
    assert.notEqual(await load({ variant: 'baseline' }), await load({ variant: 'simd' }));
  });

  it("both builds give identical float64 results on the article's example", async () => {
    const [a, b] = await Promise.all([load({ variant: 'simd' }), load({ variant: 'baseline' })]);
    assert.equal(a.logsumexp([1, 2, 3]), b.logsumexp([1, 2, 3]));
  });

  it('rejects an unknown variant with a TypeError naming it', async () => {
    await assert.rejects(load({ variant: 'avx' }), (e) => e instanceof TypeError && /^load: variant must be one of/.test(e.message));
  });

  it('the returned API is frozen', async () => {
    const m = await load();
    assert.ok(Object.isFrozen(m));
  });

  it('a wasm that cannot be found fails with an error naming the URL it tried', async () => {
    const missing = pathToFileURL(join(tmpdir(), 'no-such-dir', 'mathlets-vector-simd.wasm'));
    await assert.rejects(
      load({ include: ['vector'], wasmUrl: missing }),
      (e) => e instanceof Error && e.message.startsWith('load: could not load the vector simd WebAssembly module from ' + missing.href),
    );
  });

  it("wasmUrl points the loader at the caller's own copy of the wasm", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mathlets-wasm-'));
    const copy = join(dir, 'renamed.wasm');
    copyFileSync(new URL('../../web/src/core/wasm/mathlets-vector-baseline.wasm', import.meta.url), copy);
    const m = await load({ variant: 'baseline', include: ['vector'], wasmUrl: pathToFileURL(copy) });
    assert.equal(m.variant, 'baseline');
    assert.equal(m.logsumexp([0, 0]), Math.LN2);
    assert.throws(() => m.pinv([[1]]), /^Error: pinv: the matrix part of mathlets was not loaded/);
  });

  it('rejects bad include lists and an ambiguous single wasmUrl', async () => {
    await assert.rejects(load({ include: ['tensor'] }), /^TypeError: load: include must list one or more of vector, matrix/);
    await assert.rejects(load({ include: [] }), TypeError);
    await assert.rejects(load({ wasmUrl: 'x.wasm' }), /^TypeError: load: a single wasmUrl needs a single part/);
  });
});
