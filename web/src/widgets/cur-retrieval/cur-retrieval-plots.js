// The pictures of <mathlet-cur-retrieval>, each drawn again only when what it shows changed (a
// chart costs a few milliseconds; a change must fit a frame):
//  - X2, recall@k against CE calls per query (log x): one curve per k_i sweeping k_r, the random
//    and dual-encoder-proxy baselines, exhaustive scoring at (n_i, 1); the state on screen ringed;
//  - the spectrum of R (the anchor-query block) and of W, k_i marked, rtol as a level;
//  - X1, one test query: exact score against s-hat for every item (at most 5000 drawn, on a canvas
//    over the chart's axes), anchors hollow, the exact top-k red, the k_r line.
import { createLogLinePlot, describeSeries } from '../parts/log-line-plot.js';
import { memoized } from '../parts/memoized-draw.js';
import { themeColors } from '../parts/plot-frame.js';
import { formatNumber } from '../parts/number-text.js';
import { el } from '../parts/create-element.js';
import { watchFrame } from '../parts/frame-watch.js';
import { subsample } from './cur-retrieval-compute.js';

const CURVE_COLORS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
const BASELINE_COLORS = { random: 'floor', de4: 'muted', de6: 'text' };

/** The points of one evaluation's curve: (mean CE calls per query, recall) for each k_r. */
export const curvePoints = (e) => Array.from(e.krValues, (kr) => ({ x: e.calls.perQuery[kr], y: e.recall[kr], kr }));

/** X2: createRecallPlot(language) -> { element, update({ curves: [[ki, e]], baselines, items, current, version }) } */
export function createRecallPlot(language) {
  const { t } = language;
  const plot = createLogLinePlot({ height: 320, language });
  const update = memoized((view) => plot.draw(view));
  return {
    element: plot.element,
    update({ curves, baselines, items, ki, current, version }) {
      const view = () => {
        const series = curves.map(([k, e], j) => ({
          name: t('recall.curve', { ki: k }),
          color: CURVE_COLORS[j % CURVE_COLORS.length],
          width: k === ki ? 3 : 1.6,
          markers: k === ki,
          points: curvePoints(e),
        }));
        const base = baselines
          ? Object.entries(baselines.values).map(([name, values]) => ({
              name: t(`baseline.${name}`),
              color: BASELINE_COLORS[name] ?? 'muted',
              dashed: true,
              points: baselines.krValues.map((kr) => ({ x: kr, y: values[kr] })),
            }))
          : [];
        const exhaustive = { name: t('recall.exhaustive'), points: [{ x: items, y: 1 }] };
        return {
          label: t('recall.label'),
          x: { type: 'log', domain: [1, items * 1.4], label: t('recall.x') },
          y: { type: 'linear', domain: [0, 1.02], label: t('recall.y'), ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] },
          series: [...base, ...series],
          dots: [{ x: items, y: 1, color: 'error' }],
          description: describeSeries([...series, ...base, exhaustive], language),
        };
      };
      const drawn = update(`${version}|${items}|${ki}|${language.lang}`, view);
      plot.mark(current);
      return drawn;
    },
  };
}

/** The spectrum: createSpectrumPlot(language) -> { element, update({ spectrum, wValues, ki, kq, rtol, version }) } */
export function createSpectrumPlot(language) {
  const { t } = language;
  const plot = createLogLinePlot({ height: 240, language, marginLeft: 56 });
  const update = memoized((view) => plot.draw(view));
  return {
    element: plot.element,
    update({ spectrum, wValues, ki, kq, rtol, version }) {
      const view = () => {
        const relative = (values) => {
          const top = values[0] || 1;
          return Array.from(values, (s, j) => ({ x: j + 1, y: s / top }));
        };
        const r = { name: t('spectrum.R'), color: 'c1', markers: false, points: spectrum ? relative(spectrum) : [] };
        const w = { name: t('spectrum.W'), color: 'c2', markers: false, points: wValues ? relative(wValues) : [] };
        const ys = [...r.points, ...w.points].map((p) => p.y).filter((y) => y > 0 && Number.isFinite(y));
        const bottom = Math.max(1e-17, Math.min(1e-3, rtol > 0 ? rtol : 1, ...ys) / 3);
        const level =
          rtol > 0
            ? [
                {
                  name: t('spectrum.rtol'),
                  color: 'error',
                  dashed: true,
                  width: 1.2,
                  points: [
                    { x: 1, y: rtol },
                    { x: kq, y: rtol },
                  ],
                },
              ]
            : [];
        return {
          label: t('spectrum.label'),
          x: { type: 'log', domain: [0.9, Math.max(2, kq) * 1.1], label: t('spectrum.x') },
          y: { type: 'log', domain: [bottom, 1.5], label: t('spectrum.y') },
          series: [r, w, ...level],
          description: describeSeries([r, w], language),
        };
      };
      const drawn = update(`${version}|${rtol}|${kq}|${language.lang}`, view);
      plot.mark({ x: ki });
      return drawn;
    },
  };
}

/** [lo, hi] of `values`, padded by 4% and rounded outward to a step of a tenth of a power of ten. */
export function niceSpan(values) {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) return [lo - 1, lo + 1];
  const pad = (hi - lo) * 0.04;
  const step = 10 ** Math.floor(Math.log10(hi - lo)) / 10;
  return [Math.floor((lo - pad) / step) * step, Math.ceil((hi + pad) / step) * step];
}

/**
 * X1: createScatter(language) -> { element, update({ picture }), mark(threshold) }. The axes
 * are a chart; the points a canvas laid over it at the chart's scales.
 */
export function createScatter(language) {
  const { t } = language;
  const plot = createLogLinePlot({ height: 320, language, marginLeft: 56 });
  const canvas = el('canvas', { class: 'scatter-points', 'aria-hidden': 'true' });
  let current = null;
  const update = memoized((view) => plot.draw(view));
  // The chart redraws itself when its box changes width or the colour scheme changes (plot-frame.js,
  // watching first); the points follow.
  watchFrame(plot.element, () => paint(current));

  function paint(picture) {
    const svg = plot.element.querySelector('svg');
    if (!svg || !picture) return;
    if (!canvas.isConnected) svg.after(canvas);
    const width = Number(svg.getAttribute('width'));
    const height = Number(svg.getAttribute('height'));
    const ratio = globalThis.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.aspectRatio = `${width} / ${height}`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const x = svg.scale('x');
    const y = svg.scale('y');
    const theme = themeColors(plot.element);
    const { exact, approx, anchors, truth } = picture;
    const special = new Set([...anchors, ...truth]);
    ctx.globalAlpha = 0.35;
    ctx.fillStyle = theme.muted;
    for (const i of subsample(exact.length, 5000)) {
      if (special.has(i)) continue;
      ctx.fillRect(x.apply(approx[i]) - 1, y.apply(exact[i]) - 1, 2, 2);
    }
    ctx.globalAlpha = 1;
    ctx.fillStyle = theme.error;
    for (const i of truth) {
      ctx.beginPath();
      ctx.arc(x.apply(approx[i]), y.apply(exact[i]), 3.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.strokeStyle = theme.c1;
    ctx.lineWidth = 1.6;
    for (const i of anchors) {
      ctx.beginPath();
      ctx.arc(x.apply(approx[i]), y.apply(exact[i]), 4.5, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }

  return {
    element: plot.element,
    update({ picture }) {
      current = picture;
      const { exact, approx, anchors, truth, recall } = picture;
      const x = niceSpan(approx);
      const y = niceSpan(exact);
      const list = (ids) => ids.map((i) => ({ x: approx[i], y: exact[i] }));
      const description = `${t('scatter.description', { n: exact.length, recall: formatNumber(recall, 3) })} ${describeSeries(
        [
          { name: t('scatter.truth'), points: list(truth) },
          { name: t('scatter.anchors'), points: list(anchors) },
        ],
        language,
      )}`;
      const view = () => ({
        label: t('scatter.label'),
        x: { type: 'linear', domain: x, label: t('scatter.x') },
        y: { type: 'linear', domain: y, label: t('scatter.y') },
        series: [],
        description,
      });
      // The axes (a chart) again only when their domains or the words changed; the points and the
      // text alternative always.
      const drawn = update(`${x}|${y}|${language.lang}`, view);
      plot.element.querySelector('svg')?.setAttribute('aria-label', `${t('scatter.label')}. ${description}`);
      paint(picture);
      return drawn;
    },
    /** The k_r line: at the k_r-th largest s-hat. */
    mark(threshold) {
      plot.mark(Number.isFinite(threshold) ? { x: threshold } : null);
    },
  };
}
