// The benchmarks run on tiny sizes here so they cannot rot; timings are printed, never asserted.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

it('bench/node.bench.js runs end to end on tiny inputs', () => {
  const out = execFileSync(process.execPath, ['bench/node.bench.js', '--tiny'], { encoding: 'utf8' });
  assert.match(out, /logsumexp 1000 float32/);
  assert.match(out, /JS \/ simd/);
});
