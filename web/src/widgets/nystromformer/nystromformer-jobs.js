// The background jobs of <mathlet-nystromformer>'s view, on the framework's newest-wins scheduler:
// the evaluation of a state too large for the main thread (nystromformer-compute.js), and the sweep
// and the study (nystromformer-background.js says what runs). Each starts again only when what it
// depends on changed, and says on the host element whether its answer is on screen (data-pending:
// evaluation while the numbers and maps are the last state's; data-sweep, data-study: pending |
// done | failed) so tests and pages can wait for it.
import { sweepRun, studyRun, T_N2 } from './nystromformer-background.js';
import { evaluationKey } from './nystromformer-compute.js';
import { attentionKey, iterationKey, permalinkFields, scaleOf } from './nystromformer-state.js';

// data-sweep / data-study say where each job is; data-busy (framework/busy-jobs.js, read by pages
// and tests as on the other widgets) lists the jobs that still have an answer to come.
function setJob(host, busy, name, value) {
  host.dataset[name] = value;
  busy(name, value === 'pending');
}

function reportFailure(widget, busy, name, error) {
  setJob(widget.host, busy, name, 'failed');
  widget.status(() => widget.language.t('core.rejected', { message: error instanceof Error ? error.message : String(error) }));
}

/**
 * The evaluation of a change past MAIN_THREAD_WORK: asked when the state on screen is pending, kept
 * (resources.evaluateAway) and committed, so the state's own numbers and maps replace the last ones.
 * A refusal of the core puts the state on screen back, with the reason on the status line.
 * busy: framework/busy-jobs.js's setter. -> { update() }
 */
export function createEvaluation(widget, busy) {
  const { host } = widget;
  let asked = null;
  const job = widget.background({
    run: (state) => widget.resources.evaluateAway(state),
    onAnswer: (_value, input, { latest }) => {
      if (!latest) return;
      asked = null;
      if (evaluationKey(widget.state) === evaluationKey(input)) widget.commit({});
    },
    onError: (error, _input, { latest }) => {
      if (!latest) return;
      asked = null;
      if (!widget.derived.pending) return; // the reader has moved on to a state evaluated here
      widget.commit(permalinkFields(widget.derived.state));
      widget.refused(error);
    },
  });
  return {
    update() {
      const { pending } = widget.derived;
      if (pending) host.dataset.pending = 'evaluation';
      else delete host.dataset.pending;
      busy('evaluation', pending);
      const key = evaluationKey(widget.state);
      if (!pending || asked === key) return;
      asked = key;
      job.request(widget.state);
    },
  };
}

/**
 * The spectrum of S and the error-against-m sweep, once per (Q, K, scale). When the singular
 * values arrive the state is evaluated again (the readouts get their floor); rows arrive m by m.
 * busy: framework/busy-jobs.js's setter, shared with the study. -> { rows, version, update() }
 */
export function createSweep(widget, busy) {
  const { host } = widget;
  let rows = [];
  let version = 0;
  let computedFor = null; // the attention key whose sweep is shown or being computed
  const job = widget.background({
    run: sweepRun(widget.resources.background),
    onAnswer: (outcome, input) => {
      if (outcome === 'abandoned' || input.key !== computedFor) return;
      setJob(host, busy, 'sweep', 'done');
      widget.render('sweep');
    },
    onError: (error, input) => {
      if (input.key === computedFor) reportFailure(widget, busy, 'sweep', error);
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
      const { state, inputs, S } = widget.derived;
      const key = attentionKey(state);
      if (key === computedFor) return;
      computedFor = key;
      rows = [];
      version++;
      setJob(host, busy, 'sweep', 'pending');
      const onSpectrum = (values) => {
        widget.resources.remember(key, values);
        if (key === computedFor) widget.commit({});
      };
      const onRow = (row) => {
        if (key !== computedFor) return;
        rows.push(row);
        version++;
        widget.render('sweep');
      };
      job.request({ key, ...inputs, S, scale: scaleOf(state), seed: state.seed, n: state.n, onSpectrum, onRow });
    },
  };
}

/**
 * The pseudo-inverse study on the landmark kernel A on screen (or T-N2's matrix), again when A or
 * the start's scale changes. The last answer stays on screen until the next one arrives.
 * -> { study, version, update() }
 */
export function createStudy(widget, busy) {
  const { host } = widget;
  let study = null;
  let version = 0;
  let asked = null;
  const job = widget.background({
    run: studyRun(widget.resources.background),
    onAnswer: (result, _input, { latest }) => {
      if (!latest) return;
      study = result;
      version++;
      setJob(host, busy, 'study', 'done');
      widget.render('study');
    },
    onError: (error, _input, { latest }) => {
      if (latest) reportFailure(widget, busy, 'study', error);
    },
  });
  return {
    get study() {
      return study;
    },
    get version() {
      return version;
    },
    update() {
      const { state, nys } = widget.derived;
      const key = iterationKey(state);
      if (key === asked) return;
      asked = key;
      setJob(host, busy, 'study', 'pending');
      job.request({ key, A: state.amatrix === 'singular' ? T_N2 : nys.A, initScale: state.initscale });
    },
  };
}
