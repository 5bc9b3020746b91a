// A widget's state and what the core computed from it, changed only through commit(): the change
// is merged, evaluated, and kept only if the evaluation succeeds. A change the core refuses (or
// a check of the widget's) leaves the last valid state and its results in place, and the caller
// is told why, so it can show the reason inline and put the control back. Pure: testable in Node.

/**
 * createStateStore({ initial, evaluate(state, previous) -> derived (throws to refuse),
 *   normalize(next, previous, change) -> next (a transition's own rule, e.g. new length: reset weights), onCommit(state, previous, origin, change), onReject(error, change, origin) })
 * -> { state, derived, commit(change, origin) -> boolean }
 * `origin` names the control the change came from (so it is not set back to what it just showed).
 */
export function createStateStore({ initial, evaluate, normalize = (next) => next, onCommit = () => {}, onReject = () => {} }) {
  let state = initial;
  let derived = evaluate(initial);
  return {
    get state() {
      return state;
    },
    get derived() {
      return derived;
    },
    commit(change, origin = null) {
      const next = normalize({ ...state, ...change }, state, change);
      let evaluated;
      try {
        evaluated = evaluate(next, state);
      } catch (error) {
        onReject(error, change, origin);
        return false;
      }
      const previous = state;
      state = next;
      derived = evaluated;
      onCommit(next, previous, origin, change);
      return true;
    },
  };
}
