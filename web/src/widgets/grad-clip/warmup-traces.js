// R4 against warmup, step by step: the loss (left) and the learning rate eta_t actually used
// (right) of three runs of the same toy problem, on log scales: a constant learning rate (muted,
// dashed), a linear warmup (orange) and the learning rate clipped so that no step predicts a decrease
// above eta T (blue). A run that diverges leaves the top of the loss chart. Words from the widget's
// language.
import { lineY } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber } from '../parts/number-text.js';

const RUNS = ['constant', 'warmup', 'clipped'];
const usable = (v) => Number.isFinite(v) && v > 0;

// Rows { t, value, run } of one per-step array of each run, keeping what a log axis can show.
function rowsOf(runs, field) {
  return RUNS.flatMap((run) => Array.from(runs[run][field], (value, t) => ({ t, value, run })).filter((r) => usable(r.value)));
}

// One line per run, in the run's style.
function runLines(rows, theme) {
  const style = {
    constant: { stroke: theme.muted, strokeDasharray: '5,4', strokeWidth: 1.6 },
    warmup: { stroke: theme.ghost, strokeWidth: 1.6 },
    clipped: { stroke: theme.accent, strokeWidth: 2 },
  };
  return RUNS.map((run) =>
    lineY(
      rows.filter((r) => r.run === run),
      { x: 't', y: 'value', ...style[run] },
    ),
  );
}

// The frame of both charts: steps along x, a log scale up.
const chartFrame = (height, steps, language) => ({
  height,
  marginLeft: 52,
  marginRight: 14,
  marginTop: 14,
  marginBottom: 36,
  x: { domain: [0, steps], label: language.t('axis.step'), labelAnchor: 'right' },
});
const logAxis = (domain, label) => ({ type: 'log', domain, label, grid: true, ticks: 5, tickFormat: (d) => formatNumber(d, 1) });

// Loss: from the lowest value to well above the start; a diverging run is cut at the top.
function drawLoss(frame, { runs, language, height }) {
  const steps = runs.constant.lr.length;
  const loss = rowsOf(runs, 'loss');
  const start = runs.constant.loss[0];
  const lossLow = Math.min(...loss.map((r) => r.value), start) / 1.5;
  const lossHigh = Math.min(Math.max(...loss.map((r) => r.value), start) * 1.5, start * 1e3);
  const final = (run) => formatNumber(runs[run].loss.at(-1), 3);
  frame.show(
    (theme) => ({
      ...chartFrame(height, steps, language),
      y: { ...logAxis([lossLow, lossHigh], language.t('warmup.lossAxis')), clamp: true },
      marks: runLines(loss, theme),
    }),
    {
      label: language.t('warmup.lossChart'),
      description: language.t('warmup.lossDescription', {
        constant: final('constant'),
        warmup: final('warmup'),
        clipped: final('clipped'),
      }),
    },
  );
}

// The learning rate eta_t each run used.
function drawLr(frame, { runs, input, language, height }) {
  const steps = runs.constant.lr.length;
  const lr = rowsOf(runs, 'lr');
  const clippedLr = Array.from(runs.clipped.lr).filter(usable);
  frame.show(
    (theme) => ({
      ...chartFrame(height, steps, language),
      y: logAxis([Math.min(...lr.map((r) => r.value), input.lr) / 1.5, input.lr * 1.5], language.t('warmup.lrAxis')),
      marks: runLines(lr, theme),
    }),
    {
      label: language.t('warmup.lrChart'),
      description: language.t('warmup.lrDescription', {
        eta: formatNumber(input.lr, 3),
        steps: input.warmup,
        lo: formatNumber(Math.min(...clippedLr), 3),
        hi: formatNumber(Math.max(...clippedLr), 3),
      }),
    },
  );
}

/**
 * createWarmupTraces({ language }) -> { element, draw({ runs, input }) }
 * runs: { constant, warmup, clipped } simulateTraining traces; input: { lr, warmup, lrCap }.
 */
export function createWarmupTraces({ language, height = 220 }) {
  let last = null;
  const lossFrame = createPlotFrame({ redraw: () => last && draw(last) });
  const lrFrame = createPlotFrame({ redraw: () => last && draw(last) });
  language.onChange(() => last && draw(last));
  const heading = (key) => {
    const h = document.createElement('h4');
    h.textContent = language.t(key);
    language.onChange(() => {
      h.textContent = language.t(key);
    });
    return h;
  };
  const element = document.createElement('div');
  element.className = 'pair';
  const column = (key, frame) => {
    const div = document.createElement('div');
    div.append(heading(key), frame.element);
    return div;
  };
  element.append(column('warmup.lossHeading', lossFrame), column('warmup.lrHeading', lrFrame));

  function draw(view) {
    last = view;
    drawLoss(lossFrame, { runs: view.runs, language, height });
    drawLr(lrFrame, { runs: view.runs, input: view.input, language, height });
  }

  return { element, draw };
}
