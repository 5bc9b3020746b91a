// Runs the native Google Benchmark programs (bench/native/*_bench.cpp) of a build directory with
// --benchmark_format=json and returns { [workload id]: median ms }. Node only.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const NATIVE_BUILDS = { default: 'build/native', sse42: 'build/native-sse42' };

export function nativePrograms(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('_bench'))
    .map((f) => join(dir, f))
    .sort();
}

// `only`: run just the benchmarks whose name starts with it (a program with none prints nothing).
export function runNative(dir, { tiny = false, only = '', log = () => {} } = {}) {
  const medians = {};
  for (const program of nativePrograms(dir)) {
    const args = ['--benchmark_format=json', '--benchmark_report_aggregates_only=true'];
    if (tiny) args.push('--tiny', '--benchmark_min_time=0.001', '--benchmark_repetitions=1');
    else args.push('--benchmark_min_time=0.2', '--benchmark_repetitions=7');
    if (only) args.push(`--benchmark_filter=^${only.replace(/[^\w/-]/g, '\\$&')}`);
    const text = execFileSync(program, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
    if (!text.trim()) continue;
    const json = JSON.parse(text);
    for (const b of json.benchmarks) {
      if (b.run_type === 'aggregate' && b.aggregate_name !== 'median') continue;
      const factor = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3 }[b.time_unit];
      medians[b.run_name] = b.real_time * factor;
    }
    log(`${program}: ${json.benchmarks.length} entries`);
  }
  return medians;
}

/** Both native builds: { [id]: { default, sse42 } }, plus the context (CPU, build type) of the first. */
export function runNativeBuilds(options) {
  const native = {};
  for (const [name, dir] of Object.entries(NATIVE_BUILDS)) {
    for (const [id, v] of Object.entries(runNative(dir, options))) {
      native[id] ??= {};
      native[id][name] = v;
    }
  }
  return native;
}
