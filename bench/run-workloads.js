// Times every workload of bench/workloads.js in wasm SIMD, wasm baseline and its JS peers, in the
// current engine (Node or a browser page). Returns { [id]: { simd, baseline, peers: { name: ms } } }.
import { median } from './timing.js';
import { workloads } from './workloads.js';

export async function runWorkloads({ simd, baseline }, { tiny = false, only = '', log = () => {}, pause = async () => {} } = {}) {
  const wasmTiming = tiny ? { warmup: 1, warmupMs: 0, minReps: 1, maxReps: 3, budgetMs: 0 } : { warmup: 3, warmupMs: 300 };
  const peerTiming = tiny ? wasmTiming : { warmup: 1, warmupMs: 0, minReps: 3, budgetMs: 4000 };
  const results = {};
  for (const w of workloads({ tiny, only })) {
    const input = w.input();
    const row = { simd: null, baseline: null, peers: {}, reps: {} };
    if (w.wasm) {
      for (const [name, m] of [
        ['simd', simd],
        ['baseline', baseline],
      ]) {
        const t = median(() => w.wasm(m, input), wasmTiming);
        row[name] = t.ms;
        row.reps[name] = t.reps;
        await pause();
      }
    }
    for (const peer of w.peers) {
      const peerInput = peer.prepare(input);
      const t = median(() => peer.run(peerInput), peerTiming);
      row.peers[peer.name] = t.ms;
      row.reps[peer.name] = t.reps;
      await pause();
    }
    if (w.peersOf) Object.assign(row.peers, results[w.peersOf]?.peers);
    results[w.id] = row;
    log(`${w.id}: ${JSON.stringify(row)}`);
  }
  return results;
}
