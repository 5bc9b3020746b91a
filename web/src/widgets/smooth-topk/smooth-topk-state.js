// The state of <mathlet-smooth-topk> and how text becomes state:
//   state = { x: finite scores (the bars), extras: the ±∞ scores after them, k: 0..n, tau,
//             method: the method in focus, complement: 'exact' | 'naive' (I2's complement) }
// n is the count of all scores, finite and infinite. The attributes and the permalink's fields
// share names and syntax (topk-attributes.js reads them): values (x and extras together), k, tau,
// method; the complement is the reader's own setting. A problem is a message (message-nodes.js),
// said again in the other language after a switch.
import { readK, readMethod, readTau, readValues, splitScores } from './topk-attributes.js';

/** All the scores, finite then infinite. */
export const scores = (s) => [...s.x, ...s.extras];
/** n: how many scores there are. */
export const sizeOf = (s) => s.x.length + s.extras.length;

/** The state the attributes (or a link) describe: k is read against the count of the scores. */
export function readState(textOf) {
  const values = readValues(textOf('values'));
  const { x, extras } = splitScores(values.value);
  const read = {
    values,
    k: readK(textOf('k'), x.length + extras.length),
    tau: readTau(textOf('tau')),
    method: readMethod(textOf('method')),
  };
  return {
    state: { x, extras, k: read.k.value, tau: read.tau.value, method: read.method.value, complement: 'exact' },
    problems: Object.values(read)
      .map((r) => r.problem)
      .filter(Boolean),
  };
}

/** A changed attribute (framework/attribute-table.js), read against the current state. */
export const attributes = {
  values: { read: (text) => readValues(text), state: (values) => splitScores(values) },
  k: { read: (text, _language, current) => readK(text, sizeOf(current)), state: (k) => ({ k }) },
  tau: { read: (text) => readTau(text), state: (tau) => ({ tau }) },
  method: { read: (text) => readMethod(text), state: (method) => ({ method }) },
};

/** Fewer scores than k: k comes down to n. */
export function normalize(next) {
  return next.k > sizeOf(next) ? { ...next, k: sizeOf(next) } : next;
}

/** What the permalink records. */
export const permalinkFields = (s) => ({ values: scores(s), k: s.k, tau: s.tau, method: s.method });

/** The ids of the methods that fail a check, and of those not defined on this input. */
export const failing = (results) => results.filter((r) => r.problems.length).map((r) => r.id);
export const unavailable = (results) => results.filter((r) => r.unavailable).map((r) => r.id);

/**
 * The detail of the mathlet-change event: the inputs, the output of the method in focus (null
 * where it is not defined on this input), and which methods fail or are unavailable.
 */
export function results(state, { results: all, focus }) {
  return {
    values: scores(state),
    k: state.k,
    tau: state.tau,
    method: state.method,
    complement: state.complement,
    p: focus.values ? [...focus.values] : null,
    sum: focus.values ? focus.sum : null,
    threshold: focus.threshold,
    failing: failing(all),
    unavailable: unavailable(all),
  };
}
