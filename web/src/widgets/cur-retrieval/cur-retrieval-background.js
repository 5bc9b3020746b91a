// The work of <mathlet-cur-retrieval> that runs in the shared worker (parts/background-core.js with
// the retrieval part), through the framework's newest-wins scheduler, step by step so that a newer
// input stops it between steps (cur-retrieval.md §2.9's budgets):
//  1. R, the anchor-query block (k_q n_i scores), once per generator and sizes;
//  2. the evaluation on screen: the first time for a truth (generator, test queries, k), the full
//     batch (exact top-k of every test query, the baselines, R's spectrum); after that the drag
//     path, which reuses R and the truth (only the anchors, the index and the positions again);
//  3. the index E = W⁺R for the one-query picture (X1), sent back to the page;
//  4. X2's other curves, one k_i at a time, each the drag path.
// What was computed is kept in `cache` (the page's), keyed by the state's keys, so a change of k_r
// or of the query costs the worker nothing and a change of k_i only its own curve.
import { ANCHOR_SEED } from './cur-retrieval-attributes.js';
import { baselinesFor, curveKis, krGrid } from './cur-retrieval-compute.js';
import { curvesKey, generatorKey, scorerOf, truthKey } from './cur-retrieval-state.js';

/** The core's options for an evaluation of `state` at `ki` (rtol 0: the core's default). */
export function evaluationOptions(state, ki, krValues) {
  return {
    scorer: scorerOf(state),
    nItems: state.items,
    kq: state.kq,
    ki,
    method: state.anchors,
    anchorSeed: ANCHOR_SEED,
    nTest: state.tests,
    k: state.k,
    krValues,
    transform: state.transform,
    ...(state.rtol > 0 ? { rtol: state.rtol } : {}),
  };
}

// Sending R to the worker copies it on the page (a structured clone): up to a million entries (8 MB,
// a few milliseconds) it goes with each drag-path call; a larger R is scored again in the worker
// (k_q n_i scores, a fraction of the call) rather than block the page for tens of milliseconds.
const SEND_R = 1e6;
/** What a drag-path call is given: the truth, and R when it is small enough to send. */
export const reused = (R, truth) => (R.rows * R.cols <= SEND_R ? { R, truth } : { truth });

/** An empty cache: { generator, R, spectrum (of the block indexed: spectrumOf), truthKey, truth, baselines, curves: Map } */
export const emptyCache = () => ({
  generator: null,
  R: null,
  spectrum: null,
  spectrumOf: null,
  truthKey: null,
  truth: null,
  baselines: null,
  curves: new Map(),
});

/** The block the index is built on: R, or f_β⁻¹(R) when the state indexes the inverse (X5). */
async function indexedBlock(api, state, R) {
  if (!state.transform) return R;
  const { values } = await api.inverseScores(R.data, { kind: state.kind, beta: state.beta });
  return { rows: R.rows, cols: R.cols, data: values };
}

/**
 * evaluationRun(background)(input, { stale }): input = { state, cache, onMain(e), onIndex(index), onCurve(ki, curve) }.
 * Resolves to 'done' or 'abandoned' (a newer input waits).
 */
export function evaluationRun(background) {
  return async ({ state, cache, onMain, onIndex, onCurve }, { stale }) => {
    const { api } = await background;
    const gk = generatorKey(state);
    if (cache.generator !== gk) {
      const R = await api.syntheticScores(state.kq, state.items, scorerOf(state));
      Object.assign(cache, { generator: gk, R, spectrum: null, spectrumOf: null, truthKey: null, truth: null, baselines: null });
      cache.curves.clear();
      if (stale()) return 'abandoned';
    }
    const tk = truthKey(state);
    const grid = krGrid(state.k, state.items, state.kr);
    const spectrumOf = `${gk}|${state.transform}`;
    const options = { ...evaluationOptions(state, state.ki, grid), spectrum: cache.spectrumOf !== spectrumOf };
    const reuse = cache.truthKey === tk;
    const main = await api.evaluateCurRetrieval(
      reuse ? { ...options, ...reused(cache.R, cache.truth) } : { ...options, baselines: baselinesFor(state.r) },
    );
    if (!reuse) Object.assign(cache, { truthKey: tk, truth: main.truth, baselines: { krValues: grid, values: main.baselines } });
    if (main.spectrum?.length) Object.assign(cache, { spectrum: main.spectrum, spectrumOf });
    const ck = curvesKey(state);
    cache.curves.set(`${ck}|${state.ki}`, main);
    onMain(main);
    if (stale()) return 'abandoned';
    const block = await indexedBlock(api, state, cache.R);
    onIndex(await api.curRetrievalIndex(block, main.anchors, state.rtol > 0 ? { rtol: state.rtol } : {}));
    for (const ki of curveKis(state)) {
      if (stale()) return 'abandoned';
      const key = `${ck}|${ki}`;
      if (!cache.curves.has(key)) {
        const options = evaluationOptions(state, ki, krGrid(state.k, state.items, state.k));
        cache.curves.set(key, await api.evaluateCurRetrieval({ ...options, ...reused(cache.R, cache.truth) }));
      }
      onCurve(ki, cache.curves.get(key));
    }
    return 'done';
  };
}
