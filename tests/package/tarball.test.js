// What `npm pack` puts in the tarball: every export resolves to a shipped file, both wasm builds of
// both core parts ship (they are gitignored build outputs), the prebuilt embed bundle ships with its
// chunks and wasm beside it, and nothing of the repository's tests, C++ sources or node_modules.
// The shipped sizes (raw and gzip) are reported as diagnostics.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { packedTarball, run, tarballFiles } from './packed-project.js';

const PARTS = ['vector-simd', 'vector-baseline', 'matrix-simd', 'matrix-baseline'];

describe('the npm tarball', () => {
  let tarball, files, manifest, unpacked;
  before(async () => {
    tarball = await packedTarball();
    files = await tarballFiles(tarball);
    unpacked = join(tarball, '..', 'unpacked');
    await run('mkdir', ['-p', unpacked]);
    await run('tar', ['-xzf', tarball, '-C', unpacked]);
    manifest = JSON.parse(readFileSync(join(unpacked, 'package/package.json'), 'utf8'));
  });
  const shipped = (path) => readFileSync(join(unpacked, 'package', path));

  it('exports the API, the widgets, their types, the element manifest, the embed bundle, the worker and the wasm, each a shipped file', () => {
    const targets = {
      '.': manifest.exports['.'].default,
      '. types': manifest.exports['.'].types,
      './widgets': manifest.exports['./widgets'].default,
      './widgets types': manifest.exports['./widgets'].types,
      './react': manifest.exports['./react'].default,
      './react types': manifest.exports['./react'].types,
      './embed': manifest.exports['./embed'],
      './worker': manifest.exports['./worker'],
      './wasm/mathlets-matrix-simd.wasm': manifest.exports['./wasm/*'].replace('*', 'mathlets-matrix-simd.wasm'),
      types: manifest.types,
      customElements: `./${manifest.customElements}`,
    };
    assert.deepEqual(targets, {
      '.': './web/src/core/index.js',
      '. types': './web/types/index.d.ts',
      './widgets': './web/src/widgets/index.js',
      './widgets types': './web/types/widgets.d.ts',
      './react': './web/src/widgets/react.js',
      './react types': './web/types/react.d.ts',
      './embed': './dist-embed/mathlets-widgets.js',
      './worker': './web/src/core/worker.js',
      './wasm/mathlets-matrix-simd.wasm': './web/src/core/wasm/mathlets-matrix-simd.wasm',
      types: './web/types/index.d.ts',
      customElements: './custom-elements.json',
    });
    for (const [name, target] of Object.entries(targets)) {
      assert.ok(files.includes(target.slice(2)), `${name} -> ${target} is in the tarball`);
    }
    assert.equal(manifest.type, 'module');
  });

  it('depends on Observable Plot at run time (the widgets import it)', () => {
    assert.match(manifest.dependencies?.['@observablehq/plot'] ?? '', /^\^?0\.6\./);
    assert.equal(manifest.devDependencies?.['@observablehq/plot'], undefined);
  });

  it('ships the Emscripten glue and wasm of both builds of both core parts', () => {
    for (const part of PARTS) {
      for (const ext of ['mjs', 'wasm']) {
        assert.ok(files.includes(`web/src/core/wasm/mathlets-${part}.${ext}`), `mathlets-${part}.${ext}`);
      }
      const wasm = shipped(`web/src/core/wasm/mathlets-${part}.wasm`);
      assert.deepEqual([...wasm.subarray(0, 4)], [0, 0x61, 0x73, 0x6d], `mathlets-${part}.wasm is a wasm binary`);
    }
  });

  it('ships the embed bundle: an entry that imports nothing up front, with its chunks and wasm beside it', () => {
    const embed = files.filter((f) => f.startsWith('dist-embed/'));
    assert.ok(
      embed.every((f) => !f.slice('dist-embed/'.length).includes('/')),
      'one flat folder',
    );
    for (const part of PARTS) {
      assert.ok(
        embed.some((f) => new RegExp(`^dist-embed/mathlets-${part}-[\\w-]+\\.wasm$`).test(f)),
        `${part} wasm`,
      );
    }
    for (const chunk of [
      'logsumexp-widget',
      'smooth-topk-widget',
      'grad-clip-widget',
      'pinv-widget',
      'cr-widget',
      'cur-widget',
      'observablehq-plot',
      'mathlets-core',
      'worker',
    ]) {
      assert.ok(
        embed.some((f) => new RegExp(`^dist-embed/${chunk}-[\\w-]+\\.js$`).test(f)),
        `${chunk} chunk`,
      );
    }
    const entry = shipped('dist-embed/mathlets-widgets.js').toString();
    assert.doesNotMatch(entry, /^\s*import\s*[{*\w]|[;}]\s*import\s*[{*\w][^(]*from\s*["'`]/m, 'the entry has no static imports');
    // The entry defines the elements from a table keyed by tag (plain-html.test.js sees them defined in Chromium).
    assert.match(entry, /globalThis\.customElements\b/, 'the entry defines elements where there is a registry');
    for (const tag of ['mathlet-logsumexp', 'mathlet-smooth-topk', 'mathlet-grad-clip', 'mathlet-pinv', 'mathlet-cr', 'mathlet-cur']) {
      assert.match(entry, new RegExp(`["'\`]${tag}["'\`]\\s*:`), `${tag} is in the entry's table`);
    }
    // Every chunk, worker and wasm the bundle loads ("./chunk.js" imports, new URL("x.wasm" or "worker-*.js", import.meta.url))
    // exists beside it.
    const referenced = new Set();
    for (const file of embed.filter((f) => f.endsWith('.js'))) {
      const text = shipped(file).toString();
      for (const [, name] of text.matchAll(/["'`]\.\/([\w.-]+\.js)["'`]/g)) referenced.add(name);
      for (const [, name] of text.matchAll(/new URL\(\s*["'`](?:\.\/)?([\w.-]+\.(?:wasm|js))["'`]\s*,\s*import\.meta\.url/g))
        referenced.add(name);
    }
    assert.deepEqual(
      [...referenced].filter((name) => !embed.includes(`dist-embed/${name}`)),
      [],
    );
    assert.deepEqual(
      embed.filter((f) => f !== 'dist-embed/mathlets-widgets.js' && !referenced.has(f.slice('dist-embed/'.length))),
      [],
      'every shipped file of the bundle is used',
    );
  });

  it('ships nothing of the tests, C++ sources, benchmarks, scripts or node_modules', () => {
    const allowed =
      /^(package\.json|README\.md|LICENSE|custom-elements\.json|web\/src\/|web\/types\/(index|widgets|react)\.d\.ts$|dist-embed\/)/;
    assert.deepEqual(
      files.filter((f) => !allowed.test(f)),
      [],
    );
    assert.deepEqual(
      files.filter((f) => /(^|\/)(tests?|cpp|bench|scripts|node_modules|build)\//.test(f) || /\.test\.|\.tgz$/.test(f)),
      [],
    );
  });

  it('reports the tarball and the shipped sizes, raw and gzip', (t) => {
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    const size = (path) => {
      const bytes = shipped(path);
      return `${kb(bytes.length)} (${kb(gzipSync(bytes, { level: 9 }).length)} gzip)`;
    };
    t.diagnostic(`tarball ${tarball}: ${kb(readFileSync(tarball).length)}, ${files.length} files`);
    for (const file of files.filter((f) => f.startsWith('dist-embed/') || f.startsWith('web/src/core/wasm/')).sort()) {
      t.diagnostic(`${file}: ${size(file)}`);
    }
    const core = files.filter((f) => /^web\/src\/core\/[\w-]+\.js$/.test(f));
    const coreBytes = Buffer.concat(core.map(shipped));
    t.diagnostic(
      `web/src/core/*.js (${core.length} files): ${kb(coreBytes.length)} (${kb(gzipSync(coreBytes, { level: 9 }).length)} gzip)`,
    );
    assert.ok(files.length > 0);
  });
});
