// Node benchmark: every workload of bench/workloads.js on the same inputs in wasm SIMD, wasm baseline
// and the JS peers, beside the native benchmarks (default and SSE4.2 builds) run in the same
// invocation; prints one table of medians and ratios and the targets it meets or misses.
// Usage: node bench/node.bench.js [--tiny] [--only prefix] [--save file.json] [--history dir]
//   --tiny     tiny sizes and few repetitions (tests/js/bench.test.js: keeps the benchmarks from rotting)
//   --only     just the workloads (and native benchmarks) whose id starts with prefix; such a partial
//              run is not stored in the history
//   --save     also write the raw medians (native included) as JSON, for bench/browser.bench.js --native
//   --history  print the change against the previous run stored in dir, and store this one (history.js)
import { writeFileSync } from 'node:fs';
import { load } from '../web/src/core/index.js';
import { runNativeBuilds } from './native-runner.js';
import { runWorkloads } from './run-workloads.js';
import { table, targets } from './report.js';
import { machineName, recordRun, versions } from './history.js';

const argv = process.argv.slice(2);
const tiny = argv.includes('--tiny');
const option = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : null);
const save = option('--save');
const only = option('--only') ?? '';
const history = only ? null : option('--history');
const log = (line) => process.stderr.write(`${line}\n`);

log('native benchmarks (build/native, build/native-sse42)...');
const native = runNativeBuilds({ tiny, only, log });
if (Object.keys(native).length === 0) log('no native benchmark programs found: run scripts/bench.sh (or build the benchmarks target)');

const [simd, baseline] = await Promise.all([load({ variant: 'simd' }), load({ variant: 'baseline' })]);
log(`Node ${process.version}: wasm ${simd.variant} and ${baseline.variant}...`);
const results = await runWorkloads({ simd, baseline }, { tiny, only, log });

const machine = machineName();
console.log(`\nmathlets benchmarks: Node ${process.version} on ${machine}; medians in ms${tiny ? ' (TINY sizes)' : ''}\n`);
console.log(table(results, native, { engine: 'Node' }));
console.log(tiny ? '\nTargets: not evaluated on tiny sizes.' : `\nTargets (Node):\n${targets(results, native)}`);
if (save) writeFileSync(save, JSON.stringify({ engine: `Node ${process.version}`, machine, tiny, native, results }, null, 1));
recordRun(history, { engine: 'node', date: new Date().toISOString(), machine, tiny, versions: versions(), native, results });
