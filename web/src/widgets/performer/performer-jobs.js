// The three things <mathlet-performer> asks of the worker (parts/background-core.js), each through
// the framework's newest-wins scheduler, so a drag never queues stale runs and an old answer never
// overwrites a newer one:
//   matrices  S, P̂ and the TV of a state too large for the main thread (performer-compute.js);
//   sweep     mean TV against m for every kind, m by m (performer-sweep.js), only when the inputs,
//             the sharpness, the mask, the orthogonal setting or the feature seed change;
//   spread    the four histograms of the studied pair (performer-spread.js), when the pair, m, the
//             kinds compared or the feature seed change.
// Each says on the host whether it is running (data-busy lists the running ones: framework/busy-jobs.js; data-pending
// "matrices" while the matrices on screen are not the state's), asks the view to draw its part, and
// on a failure (a size the core refuses) has the view show why in that part's own line, which stays
// until the part is asked for again (a message on the widget's status line would be cleared by the
// next change the reader makes elsewhere).
import { matrixKey, matrixRun } from './performer-compute.js';
import { spreadKinds, spreadRun } from './performer-spread.js';
import { spreadKey, sweepKey } from './performer-state.js';
import { sweepRows, sweepRun } from './performer-sweep.js';

/** The matrices of a large state: asked when the state on screen is pending, remembered, committed. */
export function createMatrixJob(widget, busy) {
  let asked = null;
  const job = widget.background({
    run: matrixRun(widget.resources.background),
    onAnswer: (matrices, input, { latest }) => {
      if (!latest) return;
      asked = null;
      if (!matrices || matrixKey(widget.state) !== input.key) return; // overtaken
      widget.resources.remember(input.key, matrices);
      widget.commit({});
    },
    onError: (error, _input, { latest }) => {
      if (!latest) return;
      asked = null;
      delete widget.host.dataset.pending;
      busy('matrices', false, error);
    },
  });
  return {
    update() {
      const { pending, state, data, scale } = widget.derived;
      if (pending) widget.host.dataset.pending = 'matrices';
      else delete widget.host.dataset.pending;
      const key = matrixKey(state);
      if (!pending || asked === key) return;
      asked = key;
      busy('matrices', false); // its line says "computing" while pending (data-pending), not data-busy
      job.request({ state, data, scale, key });
    },
  };
}

/** The TV-against-m rows: { rows, update() }; rows fill in as the worker answers. */
export function createSweepJob(widget, busy) {
  let rows = sweepRows();
  let computedFor = null;
  let version = 0; // counts the points that arrived, so the view knows when to draw again
  const job = widget.background({
    run: sweepRun(widget.resources.background),
    onAnswer: (outcome, _input, { latest }) => {
      if (!latest) return;
      if (outcome === 'done') busy('sweep', false);
      widget.render('sweep');
    },
    onError: (error, _input, { latest }) => {
      if (!latest) return;
      busy('sweep', false, error);
      widget.render('sweep');
    },
  });
  return {
    get rows() {
      return rows;
    },
    get version() {
      return version;
    },
    update() {
      const { state, data, scale } = widget.derived;
      const key = sweepKey(state);
      if (key === computedFor) return;
      computedFor = key;
      rows = sweepRows();
      version += 1;
      busy('sweep', true);
      const mine = rows;
      const onRow = () => {
        if (mine !== rows) return;
        version += 1;
        widget.render('sweep');
      };
      job.request({ data, scale, state, rows: mine, onRow });
    },
  };
}

/** The histograms of the studied pair: { panels, update() }. */
export function createSpreadJob(widget, busy) {
  let panels = null;
  let computedFor = null;
  const job = widget.background({
    run: spreadRun(widget.resources.background),
    onAnswer: (answer, _input, { latest }) => {
      if (!latest || !answer) return;
      panels = answer;
      busy('spread', false);
      widget.render('spread');
    },
    onError: (error, _input, { latest }) => {
      if (!latest) return;
      panels = null;
      busy('spread', false, error);
      widget.render('spread');
    },
  });
  return {
    get panels() {
      return panels;
    },
    update() {
      const { state, pair } = widget.derived;
      const key = `${spreadKey(state)}|${spreadKinds(state.kind)[1]}`;
      if (key === computedFor) return;
      computedFor = key;
      busy('spread', true);
      job.request({ pair, m: state.m, kind: state.kind, featureSeed: state.featureSeed });
    },
  };
}
