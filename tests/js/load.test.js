// load(): variant probing, caching, and the failure modes a user can hit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { load, simdSupported } from '../../web/src/core/index.js';

const wasmDir = new URL('../../web/src/core/wasm/', import.meta.url).href;

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

  it('baseUrl: the folder of the .wasm files under their own names; the build is still chosen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mathlets-base-'));
    for (const name of ['mathlets-vector-simd.wasm', 'mathlets-vector-baseline.wasm'])
      copyFileSync(new URL(`${wasmDir}${name}`), join(dir, name));
    const auto = await load({ include: ['vector'], baseUrl: pathToFileURL(dir) }); // no trailing slash: still the folder
    assert.equal(auto.variant, 'simd');
    assert.equal(auto.logsumexp([0, 0]), Math.LN2);
    const baseline = await load({ include: ['vector'], variant: 'baseline', baseUrl: `${pathToFileURL(dir).href}/` });
    assert.equal(baseline.variant, 'baseline');
    assert.equal(baseline.logsumexp([0, 0]), Math.LN2);
    const missing = `${pathToFileURL(join(dir, 'nothing')).href}/`;
    await assert.rejects(load({ include: ['matrix'], baseUrl: missing }), (e) =>
      e.message.startsWith(`load: could not load the matrix simd WebAssembly module from ${missing}mathlets-matrix-simd.wasm (`),
    );
    await assert.rejects(load({ include: ['vector'], baseUrl: 'wasm/' }), /^TypeError: load: baseUrl must be an absolute URL/);
    await assert.rejects(
      load({ include: ['vector'], baseUrl: 42 }),
      /^TypeError: load: baseUrl must be a URL or a string \(got number 42\)/,
    );
  });

  it('wasmModule: a module the caller compiled, of the build `variant` names', async () => {
    const compiled = await WebAssembly.compile(readFileSync(new URL(`${wasmDir}mathlets-matrix-baseline.wasm`)));
    const m = await load({ include: ['matrix'], variant: 'baseline', wasmModule: compiled });
    assert.equal(m.variant, 'baseline');
    assert.deepEqual(
      [
        ...m.pinv([
          [1, 2],
          [2, 4],
        ]).pinv.data,
      ],
      [1 / 25, 2 / 25, 2 / 25, 4 / 25],
    ); // T-P1
    assert.equal(
      await load({ include: ['matrix'], variant: 'baseline', wasmModule: { matrix: compiled } }),
      m,
      'the same module, the same instance',
    );
    await assert.rejects(
      load({ include: ['matrix'], wasmModule: compiled }),
      /^TypeError: load: wasmModule needs variant 'simd' or 'baseline'/,
    );
    await assert.rejects(load({ variant: 'simd', wasmModule: compiled }), /^TypeError: load: a single wasmModule needs a single part/);
    await assert.rejects(
      load({ include: ['matrix'], variant: 'simd', wasmModule: 'bytes' }),
      /^TypeError: load: wasmModule must be a WebAssembly.Module/,
    );
    // The vector part's module where the matrix part's belongs: its imports do not match the glue's.
    const vector = await WebAssembly.compile(readFileSync(new URL(`${wasmDir}mathlets-vector-baseline.wasm`)));
    await assert.rejects(
      load({ include: ['matrix'], variant: 'baseline', wasmModule: vector }),
      /^Error: load: could not load the matrix baseline WebAssembly module from the WebAssembly.Module given as wasmModule \(WebAssembly.instantiate\(\): Import/,
    );
  });

  it('takes one of wasmUrl, baseUrl and wasmModule', async () => {
    await assert.rejects(
      load({ include: ['vector'], wasmUrl: 'a.wasm', baseUrl: 'file:///b/' }),
      /^TypeError: load: pass one of wasmUrl, baseUrl and wasmModule \(got wasmUrl and baseUrl\)/,
    );
  });

  it('ships a glue any bundler takes as it is: no Node code, no import.meta, no self-location', () => {
    // load.js tells the glue its .wasm (and reads it in Node); a bundler sees only load.js's own
    // new URL(…, import.meta.url). Parcel would polyfill `process`; webpack writes a bare
    // import.meta.url as the build machine's file:// path.
    for (const part of ['vector', 'matrix']) {
      for (const variant of ['simd', 'baseline']) {
        const glue = readFileSync(new URL(`${wasmDir}mathlets-${part}-${variant}.mjs`), 'utf8');
        for (const banned of [/\bprocess\b/, /\brequire\(/, /import\.meta/, /__dirname/, /\bnode:/]) {
          assert.doesNotMatch(glue, banned, `mathlets-${part}-${variant}.mjs`);
        }
      }
    }
  });

  it('rejects bad include lists and an ambiguous single wasmUrl', async () => {
    await assert.rejects(load({ include: ['tensor'] }), /^TypeError: load: include must list one or more of vector, matrix/);
    await assert.rejects(load({ include: [] }), TypeError);
    await assert.rejects(load({ wasmUrl: 'x.wasm' }), /^TypeError: load: a single wasmUrl needs a single part/);
  });
});
