// The background job of <mathlet-entropy-attention>'s view: the entropy-against-length sweep on the
// framework's newest-wins scheduler (entropy-attention-background.js says what runs). It starts again
// only when the draw, the gain or the base changed, and says on the host element whether its answer
// is on screen (data-sweep: pending | done | failed) so tests and pages can wait for it. The last
// curves stay on screen until the next ones arrive; answers for older inputs are shown on the way.
import { sweepRun } from './entropy-attention-background.js';
import { sweepKey } from './entropy-attention-state.js';

/** createSweep(widget, busy) -> { curves, key, version, schedule(), update() }; busy: framework/busy-jobs.js's setter. */
export function createSweep(widget, busy) {
  const { host } = widget;
  let curves = null;
  let shownKey = null;
  let version = 0;
  let asked = null;
  const setJob = (value) => {
    host.dataset.sweep = value;
    busy('sweep', value === 'pending');
  };
  const job = widget.background({
    run: sweepRun(widget.resources.background),
    onAnswer: (result, _input, { latest }) => {
      if (result === 'abandoned') return;
      // An older answer is shown too (a dragged gain moves the curves along), but only the newest is done.
      curves = result.curves;
      shownKey = result.key;
      version++;
      if (latest) setJob('done');
      widget.render('sweep');
    },
    onError: (error, _input, { latest }) => {
      if (!latest) return;
      setJob('failed');
      widget.status(() => widget.language.t('core.rejected', { message: error instanceof Error ? error.message : String(error) }));
    },
  });
  return {
    get curves() {
      return curves;
    },
    get key() {
      return shownKey;
    },
    get version() {
      return version;
    },
    /**
     * After a change (and at mount): a new draw, gain or base is marked pending now and sent to the
     * worker in the next frame ('request'), so a widget removed at once (the frame is cancelled on
     * teardown) never queues a sweep it cannot show, nor stays alive until the worker answers.
     */
    schedule() {
      if (sweepKey(widget.state) === asked) return;
      setJob('pending');
      widget.render('request');
    },
    /** In the frame after schedule(): the request for the state on screen. */
    update() {
      const s = widget.state;
      const key = sweepKey(s);
      if (key === asked) return;
      asked = key;
      setJob('pending');
      widget.render('sweep');
      job.request({ key, d: s.d, rows: s.rows, seed: s.seed, keys: s.keys, gain: s.gain, base: s.base });
    },
  };
}
