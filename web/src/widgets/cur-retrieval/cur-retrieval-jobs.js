// The background job of <mathlet-cur-retrieval>'s view (cur-retrieval-background.js says what runs)
// on the framework's newest-wins scheduler. It starts again only when what the worker computes
// changed (not for k_r or the query, which the page answers from what it has), keeps the answers
// for the state on screen, and says on the host whether they are all there (data-evaluation:
// pending | done | failed; data-busy lists it while pending) so tests and pages can wait for it.
import { emptyCache, evaluationRun } from './cur-retrieval-background.js';
import { curveKis, krGrid } from './cur-retrieval-compute.js';
import { curvesKey, evaluationKey, generatorKey } from './cur-retrieval-state.js';

function setJob(host, busy, value) {
  host.dataset.evaluation = value;
  busy('evaluation', value === 'pending');
}

/**
 * createEvaluation(widget, busy) -> { main, index, curves(), baselines, spectrum, version, update() }
 * main: the evaluation of the state on screen (or null while pending); index: its E and W⁺ (X1).
 */
export function createEvaluation(widget, busy) {
  const { host } = widget;
  const cache = emptyCache();
  let asked = null; // [evaluation key, the k_r grid] of the last request
  let main = null;
  let index = null;
  let version = 0;
  const job = widget.background({
    run: evaluationRun(widget.resources.background),
    onAnswer: (outcome, input) => {
      if (outcome === 'abandoned' || input.key !== asked?.[0]) return;
      setJob(host, busy, 'done');
      widget.render('evaluation');
    },
    onError: (error, input) => {
      if (input.key !== asked?.[0]) return;
      setJob(host, busy, 'failed');
      widget.status(() => widget.language.t('core.rejected', { message: error instanceof Error ? error.message : String(error) }));
    },
  });
  const fresh = (key) => key === asked?.[0];
  return {
    get main() {
      return main;
    },
    get index() {
      return index;
    },
    get version() {
      return version;
    },
    get baselines() {
      return cache.baselines;
    },
    get spectrum() {
      const state = widget.state;
      return cache.spectrumOf === `${generatorKey(state)}|${state.transform}` ? cache.spectrum : null;
    },
    /** X2's curves for the state on screen so far: [[k_i, evaluation]]. */
    curves() {
      const state = widget.state;
      const ck = curvesKey(state);
      return curveKis(state)
        .map((ki) => [ki, cache.curves.get(`${ck}|${ki}`)])
        .filter(([, e]) => e);
    },
    update() {
      const state = widget.state;
      const key = evaluationKey(state);
      const grid = krGrid(state.k, state.items, state.kr).join(',');
      if (asked && key === asked[0] && (grid === asked[1] || main?.calls.perQuery[state.kr] !== undefined)) return;
      const sameIndex = asked?.[0] === key;
      asked = [key, grid];
      if (!sameIndex) {
        main = null;
        index = null;
      }
      version++;
      setJob(host, busy, 'pending');
      if (cache.curves.size > 48) cache.curves.delete(cache.curves.keys().next().value);
      job.request({
        key,
        state,
        cache,
        onMain: (e) => {
          if (!fresh(key)) return;
          main = e;
          version++;
          widget.render('evaluation');
        },
        onIndex: (value) => {
          if (!fresh(key)) return;
          index = value;
          version++;
          // The query picture is stale from now until a frame draws it (the view clears this). Set
          // here, not in that frame: the evaluation's own flag can clear before the frame, and a
          // page waiting on data-busy then read no picture (CI run of 8f23a19).
          busy('picture', true);
          widget.render('evaluation');
        },
        onCurve: () => {
          if (!fresh(key)) return;
          version++;
          widget.render('curves');
        },
      });
    },
  };
}
