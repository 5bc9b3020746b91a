// One render per animation frame: a drag fires input events faster than the screen refreshes, and
// each change asks for a render; they collapse into one draw of the newest state before the next
// paint. A request may name a part ('curves': only the plot whose data arrived); the draw gets
// the set of parts asked for since the last frame ('all' when nothing narrower was named).
// The frame functions are injectable so the batching is testable in Node.

/**
 * createFrameBatcher(draw(parts: Set), { requestFrame, cancelFrame }) -> { request(part = 'all'), flush(), cancel(), pending }
 * request(part): draw once in the next frame, however often it is called before then;
 * flush(): draw now if a frame is pending; cancel(): forget the pending frame (teardown).
 */
export function createFrameBatcher(
  draw,
  { requestFrame = (callback) => requestAnimationFrame(callback), cancelFrame = (id) => cancelAnimationFrame(id) } = {},
) {
  let frame = null;
  let parts = new Set();
  const run = () => {
    frame = null;
    const asked = parts;
    parts = new Set();
    draw(asked);
  };
  return {
    request(part = 'all') {
      parts.add(part);
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
      parts = new Set();
    },
    get pending() {
      return frame !== null;
    },
  };
}
