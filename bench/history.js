// The benchmark history: every full run of `npm run bench` keeps its medians as one JSON file per
// engine in bench/history/ (committed, so a regression shows against the runs of earlier commits),
// and prints how each median moved since the previous stored run of the same engine on the same
// machine. Tiny runs are never stored: their sizes say nothing about speed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

/** This machine, as the history compares runs: the CPU model and the number of cores. */
export const machineName = () => `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores`;

// The first line a tool prints about its version, or null when it is not there.
function toolLine(command, args) {
  try {
    return (
      execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .split('\n')[0]
        .trim() || null
    );
  } catch {
    return null;
  }
}

/** What the figures depend on besides the machine: the commit (marked when the tree had changes) and the tools. */
export function versions(extra = {}) {
  const commit = toolLine('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = toolLine('git', ['status', '--porcelain', '--untracked-files=no']);
  return {
    commit: commit && dirty ? `${commit} (with uncommitted changes)` : commit,
    node: process.version,
    emscripten: toolLine('em++', ['--version']),
    ...extra,
  };
}

const stamp = (date) => date.toISOString().replace(/[:.]/g, '-');

/** Writes `record` (with its `engine` and `date`) as a new file of `dir`; returns the file's path. */
export function saveRun(dir, record) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${stamp(new Date(record.date))}-${record.engine}.json`);
  writeFileSync(path, `${JSON.stringify(record, null, 1)}\n`);
  return path;
}

/** The latest stored run of `engine` on `machine` in `dir` (file names sort by date), or null. */
export function previousRun(dir, { engine, machine }) {
  let names;
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(`-${engine}.json`));
  } catch {
    return null;
  }
  for (const name of names.sort().reverse()) {
    const record = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    if (record.machine === machine) return record;
  }
  return null;
}

// Every median of a run by a name that says what it is: "<workload> wasm SIMD", "<workload> native SSE4.2",
// "<widget> update", ...
function medians(record) {
  const out = new Map();
  for (const [id, row] of Object.entries(record.results ?? {})) {
    out.set(`${id} wasm SIMD`, row.simd);
    out.set(`${id} wasm baseline`, row.baseline);
    for (const [peer, value] of Object.entries(row.peers ?? {})) out.set(`${id} ${peer}`, value);
  }
  for (const [id, row] of Object.entries(record.native ?? {})) {
    out.set(`${id} native default`, row.default);
    out.set(`${id} native SSE4.2`, row.sse42);
  }
  for (const [tag, row] of Object.entries(record.widgets ?? {})) {
    for (const [name, value] of Object.entries(row)) out.set(`${tag} ${name}`, value);
  }
  return out;
}

const ms = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
const usable = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * A markdown table of each median present in both runs: before, now, and now / before (above 1 is
 * slower). `threshold` lists only the medians that moved by more than that factor either way.
 */
export function changeTable(previous, current, { threshold = 1 } = {}) {
  const before = medians(previous);
  const lines = [`| median (ms) | ${previous.versions?.commit ?? previous.date} | now | now / before |`, '|---|--:|--:|--:|'];
  let shown = 0;
  for (const [name, now] of medians(current)) {
    const was = before.get(name);
    if (!usable(was) || !usable(now)) continue;
    const change = now / was;
    if (Math.max(change, 1 / change) < threshold) continue;
    lines.push(`| ${name} | ${ms(was)} | ${ms(now)} | ${change.toFixed(2)}× |`);
    shown += 1;
  }
  return shown ? lines.join('\n') : `no median moved by more than ${threshold}× since ${previous.date}`;
}

/**
 * What a runner does with its record: with a history directory, prints the change against the
 * previous run of the same engine and machine, then stores this one. Tiny runs are left out.
 */
export function recordRun(dir, record, print = console.log) {
  if (!dir || record.tiny) return;
  const previous = previousRun(dir, record);
  if (previous) {
    print(
      `\nMedians that moved by more than 10% since the previous stored ${record.engine} run (${previous.date}, ` +
        `${previous.versions?.commit ?? 'unknown commit'}):\n`,
    );
    print(changeTable(previous, record, { threshold: 1.1 }));
  } else {
    print(`\nNo earlier ${record.engine} run on this machine in ${dir}: this one starts its history.`);
  }
  print(`\nStored as ${saveRun(dir, record)}`);
}
