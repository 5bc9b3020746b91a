// The benchmarks run on tiny sizes here so they cannot rot: the native Google Benchmark programs
// (built by scripts/build-native.sh), the Node runner, and the headless-Chromium runner with its
// widget timings. Timings are printed by the scripts, never asserted. A level of its own in
// npm test (scripts/test.sh), since its runners start whole programs and a browser.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lcgMatrix, lcgVector } from '../../bench/inputs.js';
import { workloads } from '../../bench/workloads.js';
import { NATIVE_BUILDS, nativePrograms, runNative } from '../../bench/native-runner.js';
import { ELEMENTS } from '../../web/src/widgets/index.js';

const tinyIds = workloads({ tiny: true }).map((w) => w.id);
const run = (script, args) =>
  execFileSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 << 20,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10 * 60_000,
  });

describe('benchmark inputs', () => {
  it('the JS LCG gives the values bench/native/bench_inputs.hpp gives (exact integer arithmetic)', () => {
    // Reference values printed by the C++ generator (g++, seed 1 and seed 7).
    assert.deepEqual(Array.from(lcgVector(Float64Array, 3, 1)), [0.27740156278014183, -6.4851739350706339, -3.826969675719738]);
    assert.equal(lcgVector(Float64Array, 262144, 7)[262143], 9.1772461589425802);
    assert.equal(lcgVector(Float32Array, 262144, 7)[262143], Math.fround(9.17724609));
    const m = lcgMatrix(2, 3, 1);
    assert.deepEqual([m.rows, m.cols, m.data.length], [2, 3, 6]);
    assert.equal(m.data[0], 0.27740156278014183, 'filled row by row from the first draw');
  });

  it('every workload runs its mathlets call and its peers on tiny inputs', async () => {
    const { load } = await import('../../web/src/core/index.js');
    const simd = await load({ variant: 'simd' });
    for (const w of workloads({ tiny: true })) {
      const input = w.input();
      if (w.wasm) assert.ok(w.wasm(simd, input) !== undefined, w.id);
      for (const peer of w.peers) assert.ok(peer.run(peer.prepare(input)) !== undefined, `${w.id}: ${peer.name}`);
    }
  });
});

describe('the attention peers compute what mathlets computes', () => {
  it('softmax, Performer with a given W, and Nyström with segment means and six Razavi steps agree to 1e-10', async () => {
    const { load } = await import('../../web/src/core/index.js');
    const simd = await load({ variant: 'simd', include: ['attention'] });
    const rows = workloads({ tiny: true }).filter((w) => /^(softmax-attention|performer-positive|nystrom-segment)\//.test(w.id));
    assert.equal(rows.length, 3);
    for (const w of rows) {
      const input = w.input();
      const ours = w.wasm(simd, input).out.data;
      const theirs = w.peers[0].run(w.peers[0].prepare(input)).data;
      assert.equal(theirs.length, ours.length, w.id);
      ours.forEach((x, i) => assert.ok(Math.abs(x - theirs[i]) <= 1e-10 * Math.max(1, Math.abs(x)), `${w.id}[${i}]: ${x} vs ${theirs[i]}`));
    }
  });
});

describe('the retrieval peer computes what mathlets computes', () => {
  it('index from anchors and one query: the same approximate scores (1e-10) and the same re-ranked ids', async () => {
    const { load } = await import('../../web/src/core/index.js');
    const simd = await load({ variant: 'simd', include: ['retrieval'] });
    const [w] = workloads({ tiny: true }).filter((row) => row.id.startsWith('cur-retrieval/'));
    const input = w.input();
    const ours = w.wasm(simd, input);
    const theirs = w.peers[0].run(w.peers[0].prepare(input));
    assert.deepEqual(Array.from(theirs.ids), Array.from(ours.ids));
    const scale = Math.max(...ours.approxScores.map(Math.abs));
    ours.approxScores.forEach((x, i) =>
      assert.ok(Math.abs(x - theirs.approxScores[i]) <= 1e-10 * scale, `s_hat[${i}]: ${x} vs ${theirs.approxScores[i]}`),
    );
  });
});

describe('the entropy peer computes what mathlets computes', () => {
  it('per-row entropies, perplexities and largest weights of softmax(Q K^T / sqrt(d)) agree to 1e-12', async () => {
    const { load } = await import('../../web/src/core/index.js');
    const simd = await load({ variant: 'simd', include: ['entropy'] });
    const [w] = workloads({ tiny: true }).filter((row) => row.id.startsWith('attention-entropy/'));
    const input = w.input();
    const ours = w.wasm(simd, input);
    const theirs = w.peers[0].run(w.peers[0].prepare(input));
    for (const key of ['entropy', 'perplexity', 'maxWeight']) {
      assert.equal(theirs[key].length, ours[key].length, key);
      ours[key].forEach((x, i) =>
        assert.ok(Math.abs(x - theirs[key][i]) <= 1e-12 * Math.max(1, Math.abs(x)), `${key}[${i}]: ${x} vs ${theirs[key][i]}`),
      );
    }
  });
});

describe('native benchmark programs', () => {
  const configured = existsSync(`${NATIVE_BUILDS.default}/CMakeCache.txt`);
  it('build and run at tiny sizes, one result per workload with the same names as the JS workloads', {
    skip: !configured && 'build/native is not configured (scripts/build-native.sh)',
    timeout: 15 * 60_000,
  }, () => {
    execFileSync('cmake', ['--build', NATIVE_BUILDS.default, '--target', 'benchmarks', '-j2'], { stdio: 'ignore' });
    assert.ok(nativePrograms(NATIVE_BUILDS.default).length >= 7, 'one program per bench/native/*_bench.cpp');
    const medians = runNative(NATIVE_BUILDS.default, { tiny: true });
    for (const id of tinyIds) assert.ok(Number.isFinite(medians[id]), `native ${id}`);
  });
});

describe('benchmark runners', () => {
  // As scripts/bench.sh runs them: the Chromium runner reuses the native medians the Node runner saved.
  const saved = join(mkdtempSync(join(tmpdir(), 'mathlets-bench-')), 'node.json');
  after(() => rmSync(dirname(saved), { recursive: true, force: true }));

  it('bench/node.bench.js prints the table for every workload on tiny inputs', { timeout: 10 * 60_000 }, () => {
    const out = run('bench/node.bench.js', ['--tiny', '--save', saved]);
    for (const id of tinyIds) assert.match(out, new RegExp(`\\| ${id} \\|`), id);
    assert.match(out, /SIMD \/ native SSE4\.2 \| baseline \/ SIMD \| peer \/ SIMD/);
    console.log(out);
  });

  it('--only keeps just the workloads whose id starts with the prefix', { timeout: 10 * 60_000 }, () => {
    const only = tinyIds.find((id) => id.startsWith('logsumexp-f32/'));
    const out = run('bench/node.bench.js', ['--tiny', '--only', 'logsumexp-f32']);
    assert.match(out, new RegExp(`\\| ${only} \\|`));
    for (const id of tinyIds.filter((id) => id !== only)) assert.doesNotMatch(out, new RegExp(`\\| ${id} \\|`), id);
  });

  it('bench/browser.bench.js prints the same table from Chromium plus a row per widget', {
    skip: !existsSync('/usr/bin/chromium') && 'no /usr/bin/chromium',
    timeout: 10 * 60_000,
  }, () => {
    const out = run('bench/browser.bench.js', ['--tiny', ...(existsSync(saved) ? ['--native', saved] : [])]);
    for (const id of tinyIds) assert.match(out, new RegExp(`\\| ${id} \\|`), id);
    for (const tag of Object.keys(ELEMENTS)) {
      // Its name, then the jump and reader-pace first-render times and the update median, as numbers.
      assert.match(out, new RegExp(`\\| ${tag}[^|]* \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\|`), `a timed row for <${tag}>`);
    }
    console.log(out);
  });
});
