// The core calls of <mathlet-logsumexp>, all on the main thread (the measured costs are in
// logsumexp-widget.js's top comment). Each is recorded as a performance measure
// ("mathlet-logsumexp core", detail { call, n }) that the browser tests check.
import { Refusal } from '../framework/refusal.js';
import { subscript } from '../parts/number-text.js';
import { weights } from './logsumexp-state.js';
import { tauSamples } from './tau-plot.js';

const TAUS = tauSamples();

/**
 * Every change: one lseBounds call, which also tells whether the core accepts the input. A value
 * that overflowed to ±inf while typing is refused here first, with the widget's own message.
 */
export function evaluate(state, { core }) {
  const overflowed = state.x.findIndex((a) => !Number.isFinite(a));
  if (overflowed >= 0) throw new Refusal((language) => language.t('status.notFinite', { name: `x${subscript(overflowed + 1)}` }));
  const start = performance.now();
  const result = core.lseBounds(state.x, { tau: state.tau, t: state.t, p: weights(state) });
  performance.measure('mathlet-logsumexp core', { start, detail: { call: 'lseBounds', n: state.x.length } });
  return { result };
}

/**
 * createTauCurve(core) -> curveFor(x): [{ tau, lse }] over the plotted temperatures. The curve
 * depends on x alone: computed when a frame is drawn for a new x (so several changes within one
 * frame cost one curve), reused while tau, p or t move.
 */
export function createTauCurve(core) {
  let curve = { x: null, points: [] };
  return (x) => {
    if (curve.x === x) return curve.points;
    const start = performance.now();
    curve = { x, points: TAUS.map((tau) => ({ tau, lse: core.logsumexp(x, { tau }) })) };
    performance.measure('mathlet-logsumexp core', { start, detail: { call: 'curve', n: x.length, samples: TAUS.length } });
    return curve.points;
  };
}
