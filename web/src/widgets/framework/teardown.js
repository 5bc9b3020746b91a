// Everything a mounted widget holds outside its own DOM (window listeners, observers, a pending
// animation frame, worker answers still to come) is registered here as it is set up, so that one
// call undoes all of it when the element leaves the page. Without it a removed widget stays alive
// through the listener or observer that still points into it.

/**
 * createTeardown() -> { add(undo), listen(target, type, listener, options), run(), done }
 * `add` takes a function (or an object with disconnect()) and returns it; `run` calls every undo
 * once, newest first (what was set up last may depend on what came before), and is idempotent.
 * Anything added after `run` is undone at once: a mount still in progress when the element left.
 */
export function createTeardown() {
  const undos = [];
  let done = false;
  const asFunction = (undo) => (typeof undo === 'function' ? undo : () => undo.disconnect());
  return {
    add(undo) {
      if (done) asFunction(undo)();
      else undos.push(asFunction(undo));
      return undo;
    },
    listen(target, type, listener, options) {
      target.addEventListener(type, listener, options);
      this.add(() => target.removeEventListener(type, listener, options));
    },
    run() {
      if (done) return;
      done = true;
      // One failing undo must not leave the others in place.
      for (const undo of undos.splice(0).reverse()) {
        try {
          undo();
        } catch (error) {
          console.error(error);
        }
      }
    },
    get done() {
      return done;
    },
  };
}
