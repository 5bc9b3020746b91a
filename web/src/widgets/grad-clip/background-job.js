// One kind of background computation (the training run, the sqrt(N) sweep) with at most one
// request in flight. While the reader drags a slider, inputs arrive faster than the worker answers;
// sending each one would queue dozens of stale runs in the worker, so the newest input waits here
// and goes out when the answer before it comes back. Answers overtaken by a newer input are dropped
// (like parts/background-core.js createLatest(), which keeps every request in flight instead).

/**
 * createBackgroundJob({ compute(input) -> Promise, onStart(), onResult(value, input), onError(error, input) })
 * -> { request(input), busy }. onStart runs when the job becomes busy; onResult / onError only for
 * the newest input, after which the job is idle.
 */
export function createBackgroundJob({ compute, onStart = () => {}, onResult, onError }) {
  let waiting = null; // { input } not yet sent
  let running = false;

  async function pump() {
    running = true;
    while (waiting) {
      const { input } = waiting;
      waiting = null;
      let outcome;
      try {
        outcome = { value: await compute(input) };
      } catch (error) {
        outcome = { error };
      }
      if (waiting) continue; // overtaken while computing: send the newer input instead
      running = false;
      if ('error' in outcome) onError(outcome.error, input);
      else onResult(outcome.value, input);
      return;
    }
    running = false;
  }

  return {
    request(input) {
      waiting = { input };
      if (!running) {
        onStart();
        pump();
      }
    },
    get busy() {
      return running;
    },
  };
}
