// The benchmark history (bench/history.js): runs stored one file per engine, the previous run of the
// same engine and machine found, and the change between two runs computed from their medians.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changeTable, previousRun, recordRun, saveRun, versions } from '../../bench/history.js';

const dir = mkdtempSync(join(tmpdir(), 'mathlets-history-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const run = (date, { engine = 'node', machine = 'cpu A, 2 cores', simd = 10, tiny = false } = {}) => ({
  engine,
  date,
  machine,
  tiny,
  versions: { commit: `c-${date.slice(0, 10)}` },
  native: { 'pinv/256': { default: 4, sse42: 5 } },
  results: { 'pinv/256': { simd, baseline: 30, peers: { 'ml-matrix': 100 } } },
  widgets: { 'mathlet-pinv': { 'jump to ready': 200, 'update median': null } },
});

describe('benchmark history', () => {
  it('finds the latest run of the same engine on the same machine, ignoring other engines and machines', () => {
    saveRun(dir, run('2026-01-01T00:00:00.000Z'));
    saveRun(dir, run('2026-02-01T00:00:00.000Z', { simd: 12 }));
    saveRun(dir, run('2026-03-01T00:00:00.000Z', { engine: 'chromium' }));
    saveRun(dir, run('2026-04-01T00:00:00.000Z', { machine: 'cpu B, 8 cores' }));
    const found = previousRun(dir, { engine: 'node', machine: 'cpu A, 2 cores' });
    assert.equal(found.date, '2026-02-01T00:00:00.000Z');
    assert.equal(found.results['pinv/256'].simd, 12);
    assert.equal(previousRun(dir, { engine: 'node', machine: 'cpu C, 1 core' }), null);
    assert.equal(previousRun(join(dir, 'absent'), { engine: 'node', machine: 'x' }), null);
  });

  it('lists each median present in both runs with now / before, and only the ones past a threshold', () => {
    const before = run('2026-01-01T00:00:00.000Z', { simd: 10 });
    const now = run('2026-05-01T00:00:00.000Z', { simd: 15 });
    now.native['pinv/256'].sse42 = 5.2;
    const all = changeTable(before, now);
    assert.match(all, /\| pinv\/256 wasm SIMD \| 10\.0 \| 15\.0 \| 1\.50× \|/);
    assert.match(all, /\| pinv\/256 native SSE4\.2 \| 5\.00 \| 5\.20 \| 1\.04× \|/);
    assert.match(all, /\| mathlet-pinv jump to ready \| 200 \| 200 \| 1\.00× \|/);
    assert.doesNotMatch(all, /update median/, 'a median missing from a run is not compared');
    const moved = changeTable(before, now, { threshold: 1.1 });
    assert.match(moved, /wasm SIMD/);
    assert.doesNotMatch(moved, /SSE4\.2|jump to ready/);
    assert.match(changeTable(before, before, { threshold: 1.1 }), /^no median moved by more than 1\.1×/);
  });

  it('recordRun prints the change, stores the run, and leaves tiny runs out', () => {
    const own = mkdtempSync(join(dir, 'record-'));
    const printed = [];
    recordRun(own, run('2026-06-01T00:00:00.000Z', { tiny: true }), (line) => printed.push(line));
    assert.deepEqual(readdirSync(own), [], 'a tiny run is not stored');
    recordRun(own, run('2026-06-01T00:00:00.000Z'), (line) => printed.push(line));
    assert.match(printed.join('\n'), /starts its history/);
    recordRun(own, run('2026-07-01T00:00:00.000Z', { simd: 20 }), (line) => printed.push(line));
    assert.match(printed.join('\n'), /\| pinv\/256 wasm SIMD \| 10\.0 \| 20\.0 \| 2\.00× \|/);
    assert.equal(readdirSync(own).length, 2);
  });

  it('names the commit and the tools the figures came from', () => {
    const v = versions({ chromium: '1.2.3' });
    assert.match(v.commit, /^[0-9a-f]{7,}/);
    assert.equal(v.node, process.version);
    assert.equal(v.chromium, '1.2.3');
  });
});
