// The temperature fan of one method: each output p_i against tau on a log axis. A sound method's
// curves run from the hard top-k (0 or 1) on the cold side to k/n on the hot side; I2's curves
// end at 1.5 and 0.5 instead. The current tau is a vertical rule; the line at 1 is the cap.
// The curves come from the worker (fan-sweep.js): until they arrive the chart shows the current
// outputs as dots and a "computing…" badge, and while newer curves are on their way the old ones
// stay, dimmed, so the panel is never blank. Where the method is not defined (a fractional k for
// GradTopK, an infinite score for I1) the chart gives way to a sentence saying why.
import { dot, lineY, ruleX, ruleY, text } from '@observablehq/plot';
import { el } from '../parts/create-element.js';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber, subscript } from '../parts/number-text.js';
import { say, sayNodes } from './message-nodes.js';
import { extraColors } from './topk-colors.js';
import { TAU_MAX, TAU_MIN } from './topk-attributes.js';

/** Temperatures at which the fan is sampled: log-spaced over [TAU_MIN, TAU_MAX]. */
export function fanTaus(count = 61) {
  const lo = Math.log10(TAU_MIN);
  const hi = Math.log10(TAU_MAX);
  return Array.from({ length: count }, (_, i) => 10 ** (lo + ((hi - lo) * i) / (count - 1)));
}

const DECADES = [1e-3, 1e-2, 1e-1, 1, 10, 100];
// One colour per component (Observable's categorical palette), named in the legend under the chart.
const SERIES = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0'];
const list = (values) => values.map((v) => formatNumber(v, 3)).join(', ');

// The chart: the cap at 1, k/n, the curves against tau, the current tau and its outputs as dots.
function fanPlot({ rows, now, labels, top, height, ratio, tau }, theme, colors, language) {
  return {
    height,
    marginLeft: 40,
    marginRight: 16,
    marginTop: 16,
    marginBottom: 38,
    x: {
      type: 'log',
      domain: [TAU_MIN, TAU_MAX],
      ticks: DECADES,
      tickFormat: (d) => String(d),
      label: language.t('fan.axisTau'),
      labelAnchor: 'right',
    },
    y: { domain: [-0.03, top], label: '↑ pᵢ', grid: true, ticks: 6 },
    color: { type: 'ordinal', domain: labels, range: SERIES },
    marks: [
      ruleY([1], { stroke: colors.error, strokeDasharray: '5,3', strokeOpacity: 0.8 }),
      ruleY([ratio], { stroke: theme.muted, strokeDasharray: '2,3' }),
      text([ratio], {
        y: (d) => d,
        text: () => `k/n = ${formatNumber(ratio, 2)}`,
        frameAnchor: 'right',
        textAnchor: 'end',
        dy: -6,
        fill: theme.muted,
        fontSize: 11,
      }),
      ruleY([0], { stroke: theme.muted }),
      lineY(rows, { x: 'tau', y: 'p', stroke: 'label', strokeWidth: 2.2, clip: true }),
      ruleX([tau], { stroke: theme.muted, strokeDasharray: '3,3' }),
      dot(now, { x: 'tau', y: 'p', fill: 'label', r: 4.5, stroke: theme.panel, strokeWidth: 1.5, clip: true }),
    ],
  };
}

// The chart's text alternative: the outputs cold, hot and now (or now only, while computing).
function fanDescription(curves, current, language) {
  return curves
    ? language.t('fan.description', {
        cold: list(curves[0].values),
        hot: list(curves.at(-1).values),
        tau: formatNumber(current.tau, 3),
        now: list(current.values),
      })
    : language.t('fan.pending', { tau: formatNumber(current.tau, 3), now: list(current.values) });
}

export function createTemperatureFan({ language, height = 270 }) {
  let last = null;
  const plotFrame = createPlotFrame({ redraw: () => last && draw(last) });
  const badge = el('span', { class: 'computing', role: 'status', hidden: true }, language.text('fan.computing'));
  const notice = el('p', { class: 'fan-notice', hidden: true });
  const legend = el('ul', { class: 'legend series', translate: 'no' });
  const chart = el('div', { class: 'fan-chart' }, plotFrame.element, badge);
  const element = el('div', { class: 'fan' }, chart, notice, legend);

  /**
   * view: { curves: [{ tau, values }] | null, computing, unavailable: message | null,
   *         current: { tau, values }, k, n, name: message, of: what the curves are of (an id) }
   * The box says where it is for assistive technology (aria-busy while computing) and for tests
   * (data-state: ready, computing or unavailable; data-of: the id of the curves shown).
   */
  function draw(view) {
    last = view;
    const { curves, computing, unavailable, current, k, n, name } = view;
    element.setAttribute('aria-busy', String(Boolean(computing && !unavailable)));
    element.dataset.state = unavailable ? 'unavailable' : computing ? 'computing' : 'ready';
    element.dataset.of = curves ? (view.of ?? '') : '';
    notice.hidden = !unavailable;
    chart.hidden = Boolean(unavailable);
    legend.hidden = Boolean(unavailable);
    if (unavailable) {
      notice.replaceChildren(...sayNodes(language, { key: 'fan.unavailable', params: { reason: unavailable } }));
      return;
    }
    badge.hidden = !computing;
    chart.classList.toggle('stale', Boolean(computing && curves));
    const labels = current.values.map((_, i) => `x${subscript(i + 1)}`);
    const rows = (curves ?? []).flatMap(({ tau, values }) => values.map((p, i) => ({ tau, p, label: labels[i] })));
    const now = current.values.map((p, i) => ({ tau: current.tau, p, label: labels[i] }));
    if (legend.children.length !== labels.length) {
      legend.replaceChildren(
        ...labels.map((_, i) =>
          el('li', {}, el('span', { class: 'swatch line', style: `border-color: ${SERIES[i % SERIES.length]}` }), `p${subscript(i + 1)}`),
        ),
      );
    }
    const top = Math.max(1.1, ...rows.map((r) => r.p), ...current.values) * 1.05;
    const colors = extraColors(plotFrame.element);
    plotFrame.show(
      (theme) => fanPlot({ rows, now, labels, top, height, ratio: n > 0 ? k / n : 0, tau: current.tau }, theme, colors, language),
      {
        label: say(language, { key: 'fan.label', params: { name } }),
        description: fanDescription(curves, current, language),
      },
    );
  }

  language.onChange(() => last && draw(last));
  return { element, draw };
}
