// Node ESM in a fresh project that installed the tarball: `import { load } from 'mathlets'` in a
// .mjs finds the Emscripten glue and both wasm builds inside node_modules/mathlets and computes;
// and every entry point, the prebuilt embed bundle included, imports with no DOM (a server render).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { freshProject, run } from './packed-project.js';

const close = (a, b, tol) => Math.abs(a - b) <= tol;

describe('the package in Node ESM', () => {
  let project, out;
  before(async () => {
    project = await freshProject('node-esm', { fixture: 'node-esm' });
    const { stdout } = await run(process.execPath, ['both-variants.mjs'], { cwd: project.dir });
    out = JSON.parse(stdout.trim().split('\n').at(-1));
  });
  after(() => project?.remove());

  it('installs mathlets and Observable Plot from the tarball', async () => {
    const { stdout } = await run('npm', ['ls', '--json', '--loglevel=error'], { cwd: project.dir });
    const tree = JSON.parse(stdout);
    assert.equal(tree.dependencies.mathlets.version, '0.1.0');
    assert.match(tree.dependencies.mathlets.resolved, /\.tgz$/);
    const { stdout: plot } = await run(process.execPath, ['-e', "import('@observablehq/plot').then((p) => console.log(typeof p.plot))"], {
      cwd: join(project.dir, 'node_modules/mathlets'),
    });
    assert.equal(plot.trim(), 'function');
  });

  it('loads both builds and both give the oracle values', () => {
    assert.equal(out.simdSupported, true);
    assert.equal(out.auto, 'simd');
    for (const variant of ['simd', 'baseline']) {
      const r = out[variant];
      assert.equal(r.variant, variant);
      assert.ok(close(r.lse, 3.4076059644443803, 1e-14), `${variant} logsumexp ${r.lse}`);
      assert.ok(close(r.lse32, 3.4076059644443803, 1e-6), `${variant} float32 logsumexp ${r.lse32}`);
      [0.186, 0.307, 0.506].forEach((v, i) => assert.ok(close(r.softmax[i], v, 1e-3)));
      [0.622459331201855, 0.377540668798145, 0.182425523806356, 0.817574476193644].forEach((v, i) => assert.ok(close(r.topk[i], v, 1e-12)));
      assert.deepEqual(
        r.clip.map((t) => t.map((v) => Math.round(v * 1e6) / 1e6)),
        [[0.6], [0.8]],
      );
      [1, 2, 2, 4].forEach((v, i) => assert.ok(close(r.pinv[i], v / 25, 1e-15)));
      assert.equal(r.cur, 1);
      assert.equal(r.error, 'RangeError: logsumexp: x is empty');
      assert.equal(r.heapFlat, true);
    }
    assert.equal(out.maxVectorLength, 2 ** 25);
  });

  it('imports every entry (plain and inline, API, widgets, React, embed) with no DOM, defining nothing', async () => {
    const { stdout } = await run(process.execPath, ['import-entries.mjs'], { cwd: project.dir });
    const imported = JSON.parse(stdout.trim().split('\n').at(-1));
    assert.deepEqual(imported, {
      domBefore: [],
      mathlets: 'imported',
      'mathlets/inline': 'imported',
      'mathlets/widgets': 'imported',
      'mathlets/widgets/inline': 'imported',
      'mathlets/react': 'imported',
      'mathlets/embed': 'imported',
      domAfter: [],
      lse: Math.LN2,
      inline: { variant: 'simd', rank: 1 },
    });
  });

  it('loads one part alone, and a missing wasm names the URL tried', () => {
    assert.ok(close(out.vectorOnly.lse, Math.LN2, 1e-15));
    assert.match(out.vectorOnly.pinv, /the matrix part of mathlets was not loaded/);
    assert.match(out.missingWasm, /could not load the vector simd WebAssembly module from file:.*nowhere\.wasm/);
  });
});
