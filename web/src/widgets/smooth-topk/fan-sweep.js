// The temperature fan (61 temperatures of the method in focus) is computed in the shared core
// worker (parts/background-core.js), not on the main thread: at the widget's limits (10 scores
// spread over ±5e3, tau = 0.001) a sweep costs 2.5 to 8 ms of wasm (more on a busy machine), more
// than a frame can spare, and would make dragging a bar stutter. Sweeps run one at a time through
// the framework's scheduler (framework/newest-wins.js): a drag never builds a queue, and answers
// arrive in the order of the inputs, each shown as it comes (the fan follows a long drag).
import { backgroundCore } from '../parts/background-core.js';
import { fanTaus } from './temperature-fan.js';

export const FAN_TAUS = fanTaus();

/**
 * fanSweep(background)(input) -> Promise<[{ tau, values }]>: the fan's curves for input
 * { x, k, method, options }, one smoothTopK call per temperature, in the worker. The widget sends
 * it through the framework's newest-wins scheduler (one sweep at a time, the newest input waiting).
 */
export function fanSweep(background = backgroundCore(['vector'])) {
  return async (input) => {
    const started = performance.now();
    const { api } = await background;
    const answers = await Promise.all(
      FAN_TAUS.map((tau) => api.smoothTopK(input.x, input.k, { tau, method: input.method, ...input.options })),
    );
    performance.measure('mathlet-smooth-topk fan', { start: started });
    return answers.map((answer, i) => ({ tau: FAN_TAUS[i], values: Array.from(answer.values) }));
  };
}
