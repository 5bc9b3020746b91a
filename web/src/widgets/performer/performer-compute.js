// The core calls of <mathlet-performer> on the main thread, and the attention matrices of large
// sizes from the worker. On the main thread, per change (measured costs in performer-widget.js):
// the inputs (only when inputs, n, d or the seed change), softmax weights S, the feature draw W and
// P̂ with its per-row total variation, the closed-form curves of the angle plot and the cost model.
// Where n²·M passes MAIN_THREAD_WORK the matrices come from the worker instead: the last ones stay
// on screen, marked pending, until its answer is remembered (the pattern of <mathlet-cur>'s max
// volume). The calls are timed as 'mathlet-performer main-thread core'.
import { Refusal } from '../framework/refusal.js';
import { angleCurves } from './performer-angle.js';
import { attentionData, scaledPair, scaleFor } from './performer-data.js';
import { featureDimension, performerRows } from './performer-rows.js';
import { inputsKey } from './performer-state.js';

// n²·M at which the matrices move to the worker: 128² tokens with M = 512 (m = 256 trig or
// hyperbolic features) is about 8 ms of core time on the 2-core test machine; the defaults (M = 128)
// take 2 to 3 ms.
export const MAIN_THREAD_WORK = 128 * 128 * 512;

/** What identifies the attention matrices on screen. */
export const matrixKey = (s) => `${inputsKey(s)}|${s.sharpness}|${s.m}|${s.kind}|${s.orthogonal}|${s.causal}|${s.featureSeed}`;

/** Whether the matrices of `s` are computed on the main thread. */
export const onMainThread = (s) => s.n * s.n * featureDimension(s.kind, s.m) <= MAIN_THREAD_WORK;

export function timed(name, f) {
  const start = performance.now();
  const done = () => performance.measure(name, { start });
  const value = f();
  if (value instanceof Promise) return value.finally(done);
  done();
  return value;
}

const omegaOptions = (s) => ({ orthogonal: s.orthogonal, norms: 'chi', seed: s.featureSeed });

/** Mean, largest and the number of negative entries of a matrix answer { P, tv }. */
export function summarize({ P, tv }) {
  let negatives = 0;
  for (const x of P.data) if (x < 0) negatives += 1;
  let sum = 0;
  let worst = 0;
  for (const x of tv) {
    sum += x;
    worst = Math.max(worst, x);
  }
  return { meanTv: sum / tv.length, maxTv: worst, negatives };
}

/**
 * createPerformerEvaluate(core) -> { evaluate(state) -> derived, remember(key, matrices) }
 * derived = { state, data, scale, pair, angle, cost, matrices: { S, P, tv, W, meanTv, maxTv, negatives, key } | null,
 *             pending }: `matrices` are those of `state` unless pending (then the last ones, or null).
 */
export function createPerformerEvaluate(core) {
  let data = { key: null };
  let angle = { key: null }; // the angle curves, kept while the pair, d, m and the draw rule stay
  let last = null; // the matrices on screen
  let answer = { key: null, matrices: null }; // the worker's latest
  function inputsOf(state) {
    const key = inputsKey(state);
    if (data.key !== key) data = { key, ...attentionData(core, state) };
    return data;
  }
  function matricesOf(state, inputs, scale) {
    const key = matrixKey(state);
    if (last?.key === key) return last;
    if (answer.key === key) return answer.matrices;
    if (!onMainThread(state)) return null;
    const { Q, K } = inputs;
    const S = core.softmaxAttentionWeights(Q, K, { scale, causal: state.causal });
    const W = core.drawOmegas(state.d, state.m, omegaOptions(state));
    const { P, tv } = core.performerAttentionMatrix(Q, K, W, { kind: state.kind, scale, causal: state.causal });
    return { key, S, P, tv, W, ...summarize({ P, tv }) };
  }
  function evaluate(state) {
    return timed('mathlet-performer main-thread core', () => {
      const inputs = inputsOf(state);
      if (!(inputs.spread > 0)) throw new Refusal(({ t }) => t('status.kept', { problem: t('problem.flat') }));
      const scale = scaleFor(state.sharpness, inputs.spread);
      const matrices = matricesOf(state, inputs, scale);
      if (matrices) last = matrices;
      const pair = scaledPair(inputs, scale, state.row, state.key);
      const angleKey = `${inputs.key}|${state.sharpness}|${state.row}|${state.key}|${state.m}|${state.orthogonal}`;
      if (angle.key !== angleKey) angle = { key: angleKey, curves: angleCurves(core, pair, state) };
      return {
        state,
        data: inputs,
        scale,
        pair,
        angle: angle.curves,
        cost: core.attentionCost(state.n, state.n, state.d, state.d, state.m, { kind: state.kind }),
        matrices: matrices ?? last,
        pending: matrices === null,
      };
    });
  }
  return {
    evaluate,
    remember(key, matrices) {
      answer = { key, matrices };
    },
  };
}

/**
 * matrixRun(background)({ state, data, scale, key }, { stale }): the matrices of a large state from the
 * worker: S, a feature draw W, then P̂ in blocks under the core's cap (performer-rows.js).
 */
export function matrixRun(background) {
  return async ({ state, data, scale, key }, { stale }) => {
    const { api } = await background;
    return timed('mathlet-performer matrices round trip', async () => {
      const { Q, K } = data;
      const S = await api.softmaxAttentionWeights(Q, K, { scale, causal: state.causal });
      const W = await api.drawOmegas(state.d, state.m, omegaOptions(state));
      const answer = await performerRows(api, { Q, K, W, kind: state.kind, scale, causal: state.causal, S, stale });
      return answer && { key, S, P: answer.P, tv: answer.tv, W, ...summarize(answer) };
    });
  };
}
