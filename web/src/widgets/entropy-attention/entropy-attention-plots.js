// The plots of <mathlet-entropy-attention>, each drawn only when what it shows changed (a chart
// costs a few milliseconds; an update must fit a frame):
//  - E2, entropy against length: the mean row entropy of every scale rule over n = 16..4096 on a
//    log axis, the 5–95% band of standard and log n, the annealed theory (dashed, where reliable)
//    and the uniform ceiling H = log n (R4, R7);
//  - E7, the JL picture: a histogram of the distortion ρ of every pair with the χ²_k/k expectation
//    and the 1 ± ε band (R8), and d_n = d log₅₁₂ n against n with 64 and 8 log n (R9);
//  - E6, entropy normalization: the bars of p, of the solver's p' and of the raw loop's result, and
//    H(γ) on [-3, 10] with the target, the solver's root and the loop's iterates (R10).
import { barsDescription, barsPlot } from '../parts/vector-bars.js';
import { createHistogramPlot } from '../parts/histogram-plot.js';
import { createLogLinePlot, describeSeries } from '../parts/log-line-plot.js';
import { memoized } from '../parts/memoized-draw.js';
import { createPlotFrame } from '../parts/plot-frame.js';
import { LENGTHS, MODES } from './entropy-attention-attributes.js';
import { GAMMA_RANGE, headSize } from './entropy-attention-compute.js';

/** The colour of each scale rule (the legend's too). */
export const MODE_COLORS = { standard: 'c1', logn: 'c2', chiang: 'c3', 'logn-clipped': 'c4', 'annealed-invariant': 'c5' };
const BANDED = ['standard', 'logn'];
const N_TICKS = [16, 64, 256, 1024, 4096];
const N_DOMAIN = [16, 4096];

/** The E2 view of the worker's curves (pure: tested in Node). Unreachable points of annealed-invariant (λ = 0) are left out. */
export function sweepView(curves, { base, t }) {
  const ceiling = {
    name: t('series.ceiling'),
    color: 'floor',
    dashed: true,
    width: 1.5,
    points: LENGTHS.map((n) => ({ x: n, y: Math.log(n) })),
  };
  const series = MODES.map((mode) => ({
    name: t(`mode.${mode}`),
    color: MODE_COLORS[mode],
    markers: true,
    points: curves[mode].filter((p) => !p.unreachable).map((p) => ({ x: p.n, y: p.mean })),
  }));
  const theory = BANDED.map((mode) => ({
    name: t('series.annealed', { mode: t(`mode.${mode}`) }),
    color: MODE_COLORS[mode],
    dashed: true,
    width: 1.2,
    points: curves[mode].filter((p) => Number.isFinite(p.annealed) && !p.annealedUnreliable).map((p) => ({ x: p.n, y: p.annealed })),
  }));
  const areas = BANDED.map((mode) => ({ color: MODE_COLORS[mode], points: curves[mode].map((p) => ({ x: p.n, y1: p.q05, y2: p.q95 })) }));
  const top = Math.log(4096) + 0.3;
  return {
    label: t('sweep.label'),
    x: { type: 'log', domain: N_DOMAIN, label: t('sweep.x'), ticks: N_TICKS, tickFormat: String },
    y: { type: 'linear', domain: [0, top], label: t('sweep.y') },
    series: [ceiling, ...series, ...theory],
    areas,
    rules: base >= N_DOMAIN[0] && base <= N_DOMAIN[1] ? [{ x: base, color: 'muted' }] : [],
    description: describeSeries([ceiling, ...series], { t }),
  };
}

/** E2: createSweepPlot(language) -> { element, update({ curves, base, version }) }. */
export function createSweepPlot(language) {
  const plot = createLogLinePlot({ height: 330, language, marginLeft: 44 });
  const update = memoized((view) => plot.draw(view));
  return {
    element: plot.element,
    update: ({ curves, base, version }) => update(`${version}|${base}|${language.lang}`, () => sweepView(curves, { base, t: language.t })),
  };
}

/** E7 left: the histogram of ρ: createRhoPlot(language) -> { element, update({ jl, state }) }. */
export function createRhoPlot(language) {
  const { t } = language;
  const plot = createHistogramPlot({ height: 200, language });
  const update = memoized((view) => plot.draw(view));
  return {
    element: plot.element,
    update: ({ jl, state }) =>
      update(`${state.k}|${state.eps}|${state.seed}|${language.lang}`, () => ({
        label: t('rho.label', { k: state.k }),
        bins: jl.bins,
        curve: jl.expected,
        x: { domain: jl.domain, label: t('rho.x') },
        band: { x1: Math.max(jl.domain[0], 1 - state.eps), x2: Math.min(jl.domain[1], 1 + state.eps) },
        rules: [{ x: 1, color: 'muted', dashed: true }],
        caption: t('rho.caption', {
          within: Math.round(jl.distortion.withinEps * jl.distortion.ratios.length),
          pairs: jl.distortion.ratios.length,
        }),
      })),
  };
}

/** E7 right: d_n = d log₅₁₂ n against n, with 64 and 8 log n: createHeadPlot(language) -> { element, update({ d }) }. */
export function createHeadPlot(language) {
  const { t } = language;
  const plot = createLogLinePlot({ height: 200, language, marginLeft: 44 });
  const update = memoized((view) => plot.draw(view));
  return {
    element: plot.element,
    update: ({ d }) =>
      update(`${d}|${language.lang}`, () => {
        const series = [
          { name: t('head.dn', { d }), color: 'c2', markers: false, points: LENGTHS.map((n) => ({ x: n, y: headSize(d, n) })) },
          { name: t('head.eight'), color: 'c3', dashed: true, points: LENGTHS.map((n) => ({ x: n, y: 8 * Math.log(n) })) },
          { name: t('head.bert'), color: 'floor', dashed: true, width: 1.2, points: N_DOMAIN.map((n) => ({ x: n, y: 64 })) },
        ];
        return {
          label: t('head.label'),
          x: { type: 'log', domain: N_DOMAIN, label: t('sweep.x'), ticks: N_TICKS, tickFormat: String },
          y: { type: 'linear', domain: [0, Math.max(8 * Math.log(4096), headSize(d, 4096)) * 1.08], label: t('head.y') },
          series,
          rules: [{ x: 512, color: 'muted' }],
        };
      }),
  };
}

/** E6 left: the bars of p with the solver's p' as ghost ticks: createBarsPlot(language) -> { element, update({ normal, state }) }. */
export function createBarsPlot(language) {
  const { t } = language;
  let last = null;
  const frame = createPlotFrame({ redraw: () => last && draw(last), minWidth: 180 });
  function draw(input) {
    last = input;
    const { normal } = input;
    const label = (j) => `p${j + 1}`;
    const data = Array.from(normal.p, (value, i) => ({ label: label(i), value, i }));
    const ghosts = normal.solver.status === 'ok' ? Array.from(normal.solver.p, (value, i) => ({ label: label(i), value })) : [];
    frame.show((theme) => barsPlot({ data, ghosts, rules: [], domain: [0, 1], height: 190, simplex: true, highlighted: [] }, theme), {
      label: t('bars.label'),
      description: barsDescription({ data, ghosts, rule: null, ghostName: t('bars.ghost') }),
    });
  }
  const update = memoized(draw);
  return { element: frame.element, update: (input) => update(`${input.state.dist}|${input.state.target}|${language.lang}`, () => input) };
}

/** E6 right: H(γ) with the target, both roots and the raw loop's iterates: createGammaPlot(language) -> { element, update({ normal, state }) }. */
export function createGammaPlot(language) {
  const { t } = language;
  const plot = createLogLinePlot({ height: 220, language, marginLeft: 44 });
  const update = memoized((view) => plot.draw(view));
  return {
    element: plot.element,
    update: ({ normal, state }) =>
      update(`${state.dist}|${state.target}|${language.lang}`, () => {
        const top = Math.max(...normal.curve.map((p) => p.y)) * 1.1 + 0.05;
        const curve = { name: t('gamma.curve'), color: 'c1', points: normal.curve };
        const target = {
          name: t('gamma.target'),
          color: 'floor',
          dashed: true,
          width: 1.2,
          points: GAMMA_RANGE.map((x) => ({ x, y: state.target })),
        };
        const inRange = (x) => Number.isFinite(x) && x >= GAMMA_RANGE[0] && x <= GAMMA_RANGE[1];
        const loop = normal.loop.steps.filter((s) => inRange(s.cumulative) && Number.isFinite(s.entropy));
        const dots = [
          ...loop.map((s) => ({ x: s.cumulative, y: Math.min(top, s.entropy), color: 'error' })),
          ...(normal.solver.status === 'ok' ? [{ x: normal.solver.gamma, y: normal.solver.H, color: 'c3', ring: true }] : []),
        ];
        const dotSeries = [
          { name: t('gamma.loop'), points: loop.map((s) => ({ x: s.cumulative, y: s.entropy })) },
          { name: t('gamma.solver'), points: normal.solver.status === 'ok' ? [{ x: normal.solver.gamma, y: normal.solver.H }] : [] },
        ];
        return {
          label: t('gamma.label'),
          x: { type: 'linear', domain: GAMMA_RANGE, label: t('gamma.x') },
          y: { type: 'linear', domain: [0, top], label: t('gamma.y') },
          series: [curve, target],
          rules: [{ x: 0, color: 'muted' }],
          dots,
          description: describeSeries([curve, target, ...dotSeries], language),
        };
      }),
  };
}

/** The loop's last cumulative exponent, as the readout shows it. */
export const loopEnd = (loop) => loop.steps.at(-1)?.cumulative ?? Number.NaN;
