// The numbers of the "cost" panel (performer.md §5, widget P5; R15): flops of softmax and Performer
// attention against the sequence length n (the core's attentionCost: 2 n² (d + d_v) against about
// 2 m · 2n (d + d_v + 1)), for m = d, 2d and 4d features: their ratio is about n / (2m), so in flops
// Performer wins from n ≈ 2m, far below the article's estimate of about 5000 tokens for a clear
// advantage in practice; the memory of the n × n weights against the n × m features of queries and
// keys and the m × d_v state; and wall time measured in the worker (softmax up to n = 2048), which is what the estimate
// is about: exponentials, memory traffic and dense kernels move the break-even.

export const FLOP_NS = [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];
export const TIME_NS = [64, 128, 256, 512, 1024, 2048];
export const ARTICLE_ESTIMATE = 5000;
export const FEATURE_MULTIPLES = [1, 2, 4];
export const COST_SERIES = ['softmax', ...FEATURE_MULTIPLES.map((k) => `m${k}`)];

/** The m of a series for head size d ('m2' → 2d). */
export const featuresOf = (id, d) => Number(id.slice(1)) * d;

/**
 * flopSeries(core, d, kind) -> { softmax: [{ x: n, y }], m1, m2, m4 }: flops against n (d_v = d), from
 * the core's cost model.
 */
export function flopSeries(core, d, kind) {
  const out = Object.fromEntries(COST_SERIES.map((id) => [id, []]));
  for (const n of FLOP_NS) {
    out.softmax.push({ x: n, y: core.attentionCost(n, n, d, d, d, { kind }).softmaxFlops });
    for (const k of FEATURE_MULTIPLES) out[`m${k}`].push({ x: n, y: core.attentionCost(n, n, d, d, k * d, { kind }).performerFlops });
  }
  return out;
}

/** The first n of `points` where series b costs less than series a (null if never). */
export function crossing(a, b) {
  for (let k = 0; k < a.length; k++) if (b[k].y < a[k].y) return a[k].x;
  return null;
}

/** Memory of the attention weights (n²) against Performer's features and state (2 n m + m d_v), in numbers held. */
export function memoryOf(core, { n, d, m, kind }) {
  const cost = core.attentionCost(n, n, d, d, m, { kind });
  return { softmax: cost.softmaxMemory, performer: cost.performerMemory };
}

const timeOf = async (call, repeats) => {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    await call();
    best = Math.min(best, performance.now() - start);
  }
  return best;
};

/**
 * timeRun(background)({ d, kind, seed, rows, onRow }, { stale }) -> 'done' | null: for each n of TIME_NS,
 * the fastest of two round trips to the worker (the call and its messages) for softmax attention and
 * Performer with m = d, 2d, 4d, pushed into rows[id] as { x: n, y: ms }, onRow() after each n.
 */
export function timeRun(background, repeats = 2) {
  return async ({ d, kind, seed, rows, onRow }, { stale }) => {
    const { api } = await background;
    for (const n of TIME_NS) {
      if (stale()) return null;
      const { Q, K, V } = await api.attentionInputs('iid', n, d, { seed });
      const scale = 1 / Math.sqrt(d);
      rows.softmax.push({ x: n, y: await timeOf(() => api.softmaxAttention(Q, K, V, { scale }), repeats) });
      for (const k of FEATURE_MULTIPLES) {
        const options = { m: k * d, kind, scale, seed };
        rows[`m${k}`].push({ x: n, y: await timeOf(() => api.performerAttention(Q, K, V, options), repeats) });
      }
      onRow();
    }
    return 'done';
  };
}

/** Empty rows for timeRun to fill. */
export const timeRows = () => Object.fromEntries(COST_SERIES.map((id) => [id, []]));
