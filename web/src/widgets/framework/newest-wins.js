// The one scheduler for work that runs in the background (the core's worker): the reader drags a
// slider faster than the worker answers, so
//  - at most one request is in flight: sending every input would queue dozens of stale runs in the
//    worker, each delaying the one that matters;
//  - an input that arrives while one is in flight waits, and a newer input replaces it (only the
//    newest waiting input is ever sent);
//  - answers arrive in the order of the inputs, so an older answer never overwrites a newer one on
//    screen. Each answer says whether it is for the newest input (`latest`): a widget can show an
//    intermediate answer while the reader still drags (a continuous drag would otherwise show
//    nothing until it stops) or skip it;
//  - dispose() (teardown) drops the waiting input and silences the answer in flight;
//  - a long job made of steps (rank after rank) asks `stale()` between steps and stops early when
//    a newer input is waiting or the widget is gone, instead of finishing work nobody will see.

/**
 * createNewestWins({ run(input, { stale }) -> Promise, onAnswer(value, input, { latest }), onError(error, input, { latest }), onStart() })
 * -> { request(input) -> Promise<{ value, latest } | { error, latest } | null>, dispose(), busy }
 * request's promise settles when that input's answer was delivered, or with null when a newer
 * input replaced it before it was sent (or the scheduler was disposed).
 */
export function createNewestWins({ run, onAnswer = () => {}, onError = (error) => console.error(error), onStart = () => {} }) {
  let waiting = null; // { input, settle } not yet sent
  let inFlight = false;
  let disposed = false;

  async function send(job) {
    inFlight = true;
    let outcome;
    try {
      outcome = { value: await run(job.input, { stale: () => waiting !== null || disposed }) };
    } catch (error) {
      outcome = { error };
    }
    inFlight = false;
    if (disposed) return job.settle(null);
    outcome.latest = waiting === null;
    if ('error' in outcome) onError(outcome.error, job.input, { latest: outcome.latest });
    else onAnswer(outcome.value, job.input, { latest: outcome.latest });
    job.settle(outcome);
    sendWaiting();
  }

  function sendWaiting() {
    if (inFlight || waiting === null || disposed) return;
    const job = waiting;
    waiting = null;
    send(job);
  }

  return {
    request(input) {
      if (disposed) return Promise.resolve(null);
      return new Promise((settle) => {
        if (!inFlight) onStart(input);
        waiting?.settle(null); // replaced before it was sent
        waiting = { input, settle };
        sendWaiting();
      });
    },
    dispose() {
      disposed = true;
      waiting?.settle(null);
      waiting = null;
    },
    get busy() {
      return inFlight || waiting !== null;
    },
  };
}
