// The state of <mathlet-logsumexp> and how text becomes state:
//   state = { x: number[], tau: number, t: number, p: number[] | null (uniform),
//             y: number[] (as long as x), mix: number in [0, 1] }
// The attributes (and the permalink fields, which use the same names and syntax) are read by
// widget-attributes.js; the weights p are the reader's own (never an attribute, not in the link).
// y is the second vector of the Lipschitz (R7) and convexity (R8) views, mix the weight on x of R8.
import { readAttributeTable } from '../framework/attribute-table.js';
import { fitY, readMix, readOrder, readTau, readValues, readY } from './widget-attributes.js';

/** The attribute table (framework/attribute-table.js). */
export const attributes = {
  values: { read: readValues, state: (x) => ({ x }) },
  tau: { read: readTau, state: (tau) => ({ tau }) },
  t: { read: readOrder, state: (t) => ({ t }) },
  y: { read: readY, state: (y) => ({ y }) },
  mix: { read: readMix, state: (mix) => ({ mix }) },
};

/**
 * The state the attributes (or a link) describe, with uniform weights. A y of another length
 * than x is fitted to it (cut, or extended by the default offsets) and the mismatch reported.
 */
export function readState(textOf, language) {
  const read = readAttributeTable(attributes, textOf, language);
  const { x, y } = read.state;
  const problems = [...read.problems];
  if (y && y.length !== x.length) {
    const [count, n] = [y.length, x.length];
    problems.push((lang) => lang.t('attr.yLength', { attr: 'y', count, n }));
  }
  return { state: { ...read.state, y: fitY(y, x), p: null }, problems };
}

/** What the permalink records. */
export const permalinkFields = (state) => ({ values: state.x, tau: state.tau, t: state.t, y: state.y, mix: state.mix });

/** The weights p, uniform until the reader edits them. */
export const weights = (state) => state.p ?? Array.from({ length: state.x.length }, () => 1 / state.x.length);

/**
 * A vector of a new length makes the reader's weights meaningless: back to uniform. y follows x's
 * length (its first entries kept, new ones x_i plus the default offset); a cleared y is the default.
 */
export function normalize(next, previous) {
  let state = next.x.length !== previous.x.length ? { ...next, p: null } : next;
  if (!state.y || state.y.length !== state.x.length) state = { ...state, y: fitY(state.y, state.x) };
  return state;
}

/** The detail of the mathlet-change event: the inputs, lse with its bounds, and the pair x, y. */
export function results(state, { result }) {
  const pair = result.pair;
  return {
    values: [...state.x],
    tau: state.tau,
    t: state.t,
    p: weights(state),
    lse: result.lse,
    xMax: result.xMax,
    upper: result.bounds.maxUpper.value,
    softmax: Array.from(result.softmax),
    y: [...state.y],
    mix: state.mix,
    lseY: pair.lseY,
    diff: pair.diff,
    diffMin: pair.diffMin,
    diffMax: pair.diffMax,
    maxNorm: pair.maxNorm,
    chord: pair.chord,
    lseMix: pair.lseMix,
  };
}
