// The temperature fan (61 temperatures of the method in focus) is computed in the shared core
// worker (parts/background-core.js), not on the main thread: at the widget's limits (10 scores
// spread over ±5e3, tau = 0.001) a sweep costs 2.5 to 8 ms of wasm (more on a busy machine), more
// than a frame can spare, and would make dragging a bar stutter. Jobs run one at a time: a request made while one runs waits,
// and only the newest waiting request is kept, so a drag never builds a queue and answers always
// arrive in the order of the inputs (each answer is for an older-or-equal input than the next).
import { backgroundCore } from '../parts/background-core.js';
import { fanTaus } from './temperature-fan.js';

export const FAN_TAUS = fanTaus();

/**
 * createFanJobs({ onResult(input, curves, { latest }), onError(input, error, { latest }) }) ->
 * { request(input), inWorker(): Promise<boolean> }; input is { x, k, method, options }.
 */
export function createFanJobs({ onResult, onError }) {
  const background = backgroundCore(['vector']);
  let running = false;
  let waiting = null;

  async function run(input) {
    running = true;
    const started = performance.now();
    try {
      const { api } = await background;
      const answers = await Promise.all(
        FAN_TAUS.map((tau) => api.smoothTopK(input.x, input.k, { tau, method: input.method, ...input.options })),
      );
      performance.measure('mathlet-smooth-topk fan', { start: started });
      onResult(
        input,
        answers.map((answer, i) => ({ tau: FAN_TAUS[i], values: Array.from(answer.values) })),
        { latest: waiting === null },
      );
    } catch (error) {
      onError(input, error, { latest: waiting === null });
    }
    running = false;
    if (waiting) {
      const next = waiting;
      waiting = null;
      run(next);
    }
  }

  return {
    request(input) {
      if (running) waiting = input;
      else run(input);
    },
    inWorker: async () => (await background).inWorker,
  };
}
