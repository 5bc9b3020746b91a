// One render per animation frame: a drag fires input events faster than the screen refreshes, and
// each change asks for a render; they collapse into one draw of the newest state before the next
// paint. The frame functions are injectable so the batching is testable in Node.

/**
 * createFrameBatcher(draw, { requestFrame, cancelFrame }) -> { request(), flush(), cancel(), pending }
 * request(): draw once in the next frame, however often it is called before then;
 * flush(): draw now if a frame is pending; cancel(): forget the pending frame (teardown).
 */
export function createFrameBatcher(draw, {
  requestFrame = (callback) => requestAnimationFrame(callback),
  cancelFrame = (id) => cancelAnimationFrame(id),
} = {}) {
  let frame = null;
  const run = () => {
    frame = null;
    draw();
  };
  return {
    request() {
      if (frame === null) frame = requestFrame(run);
    },
    flush() {
      if (frame === null) return;
      cancelFrame(frame);
      run();
    },
    cancel() {
      if (frame !== null) cancelFrame(frame);
      frame = null;
    },
    get pending() {
      return frame !== null;
    },
  };
}
