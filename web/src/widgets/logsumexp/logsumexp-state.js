// The state of <mathlet-logsumexp> and how text becomes state:
//   state = { x: number[], tau: number, t: number, p: number[] | null (uniform) }
// The attributes (and the permalink fields, which use the same names and syntax) are read by
// widget-attributes.js; the weights p are the reader's own (never an attribute, not in the link).
import { readAttributeTable } from '../framework/attribute-table.js';
import { readOrder, readTau, readValues } from './widget-attributes.js';

/** The attribute table (framework/attribute-table.js). */
export const attributes = {
  values: { read: readValues, state: (x) => ({ x }) },
  tau: { read: readTau, state: (tau) => ({ tau }) },
  t: { read: readOrder, state: (t) => ({ t }) },
};

/** The state the attributes (or a link) describe, with uniform weights. */
export function readState(textOf, language) {
  const read = readAttributeTable(attributes, textOf, language);
  return { state: { ...read.state, p: null }, problems: read.problems };
}

/** What the permalink records. */
export const permalinkFields = (state) => ({ values: state.x, tau: state.tau, t: state.t });

/** The weights p, uniform until the reader edits them. */
export const weights = (state) => state.p ?? Array.from({ length: state.x.length }, () => 1 / state.x.length);

/** A vector of a new length makes the reader's weights meaningless: back to uniform. */
export function normalize(next, previous) {
  return next.x.length !== previous.x.length ? { ...next, p: null } : next;
}

/** The detail of the mathlet-change event: the inputs and lse with its bounds. */
export function results(state, { result }) {
  return {
    values: [...state.x],
    tau: state.tau,
    t: state.t,
    p: weights(state),
    lse: result.lse,
    xMax: result.xMax,
    upper: result.bounds.maxUpper.value,
    softmax: Array.from(result.softmax),
  };
}
