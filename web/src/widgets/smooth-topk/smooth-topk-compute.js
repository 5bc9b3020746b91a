// The core calls of <mathlet-smooth-topk> and where they run (the measured costs are in
// smooth-topk-widget.js's top comment). Main thread, on every change: the hard top-k outline and
// all eight methods once (topk-methods.js), timed as 'mathlet-smooth-topk main-thread core'.
// Worker: the temperature fan of the method in focus (fan-sweep.js), asked for only when its
// inputs changed and only where the method is defined. Main thread too: the threshold equation
// F(λ) = k and the Jacobian of the method in focus (threshold-equation.js, jacobian-check.js; n ≤ 10,
// so well under a millisecond). Pure apart from the core: testable in Node.
import { jacobianCheck } from './jacobian-check.js';
import { message } from './message-nodes.js';
import { scores, sizeOf } from './smooth-topk-state.js';
import { thresholdEquation } from './threshold-equation.js';
import { evaluateAll, unavailableReason } from './topk-methods.js';

/**
 * createTopkEvaluate(core) -> evaluate(state) -> { results, timings, calls, focus, equation, jacobian }:
 * every method on the state's scores, k and tau, the result of the method in focus, its threshold
 * equation sampled for the chart and its Jacobian with the sums (null where it has none). Throws the
 * core's refusal.
 */
export function createTopkEvaluate(core) {
  return (state) => {
    const started = performance.now();
    const x = scores(state);
    const evaluated = evaluateAll(core, x, state.k, state.tau, { complement: state.complement });
    const focus = evaluated.results.find((r) => r.id === state.method);
    const equation = thresholdEquation(core, evaluated.results, focus, x, state.k, state.tau);
    const jacobian = jacobianCheck(focus);
    performance.measure('mathlet-smooth-topk main-thread core', { start: started, detail: evaluated.timings });
    return { ...evaluated, focus, equation, jacobian };
  };
}

/** What the fan depends on: the scores, k, the method in focus, and I2's complement. */
export const fanKey = (s) => JSON.stringify([scores(s).map(String), s.k, s.method, s.method === 'iterative-weighted' ? s.complement : '']);

/**
 * The fan's input for `state` ({ key, x, k, method, options }, what fanSweep takes), or null where
 * the method in focus is not defined on it (then nothing is computed: the chart says why).
 */
export function fanInput(state) {
  if (unavailableReason(state.method, scores(state), state.k)) return null;
  const options = state.method === 'iterative-weighted' ? { complement: state.complement } : {};
  return { key: fanKey(state), x: scores(state), k: state.k, method: state.method, options };
}

/**
 * Which hint goes under the scores about the threshold line of the method in focus: a message,
 * or null where the method is not defined (the verdict says why, and what to do).
 */
export function thresholdMessage(state, focus, name) {
  const lambda = focus.threshold;
  if (focus.unavailable) return null;
  if (lambda === null) return message('threshold.none', { name });
  if (Number.isFinite(lambda)) return message('threshold.line');
  if (state.k === 0) return message('threshold.zero');
  if (state.k === sizeOf(state)) return message('threshold.all');
  return message('threshold.infinite');
}
