// Long computations split over animation frames: a generator does one small unit of work per
// step (one rank of an error curve, say) and yields; each frame runs steps until its time budget
// is spent, then reports progress so the picture fills in while the reader keeps dragging.
// Starting a new run cancels the one in flight (its results belong to an input that changed).

/**
 * createFrameBudgetWork({ budgetMs }) -> { run(generator, { onProgress, onDone }), cancel(), busy }
 * onProgress() is called after every frame that did some work; onDone() once the generator ends.
 */
export function createFrameBudgetWork({ budgetMs = 7 } = {}) {
  let current = null; // { iterator, handlers, frame }

  function cancel() {
    if (current?.frame) cancelAnimationFrame(current.frame);
    current = null;
  }

  function tick(job) {
    job.frame = 0;
    if (current !== job) return;
    const start = performance.now();
    let done = false;
    do {
      done = job.iterator.next().done;
    } while (!done && performance.now() - start < budgetMs);
    if (current !== job) return; // a handler started another run
    if (done) current = null;
    else job.frame = requestAnimationFrame(() => tick(job));
    job.handlers.onProgress?.();
    if (done) job.handlers.onDone?.();
  }

  return {
    run(iterator, handlers = {}) {
      cancel();
      const job = { iterator, handlers, frame: 0 };
      current = job;
      job.frame = requestAnimationFrame(() => tick(job));
    },
    cancel,
    get busy() { return current !== null; },
  };
}
