// Small multiples: one bar chart per method, all on the same axes, with the hard top-k drawn as a
// dashed outline and a line at 1 (no entry of a top-k mask should rise above it). Bars above 1 are
// drawn in the error colour and a method with any failure gets a red frame and a ✗ in its title.
// A method not defined on the input (a fractional k, an infinite score) gets a dashed frame, a –
// and the reason in place of its bars. One faceted Plot chart (one render per update, not eight).
import { barY, rect, ruleY, text } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber, subscript } from '../parts/number-text.js';
import { say, sayListText } from './message-nodes.js';
import { methodName } from './topk-methods.js';
import { extraColors } from './topk-colors.js';

const list = (values) => values.map((v) => formatNumber(v, 3)).join(', ');
const verdictOf = (r) => (r.unavailable ? 'unavailable' : r.problems.length ? 'failed' : 'sound');

// The chart's data: a bar per score and method, a title per method's facet, the y range.
function gridData({ results, focus }, columns, language) {
  const place = (mi) => ({ col: mi % columns, row: Math.floor(mi / columns) });
  const bars = results.flatMap((r, mi) =>
    r.hard.map((hard, i) => ({
      ...place(mi),
      label: `x${subscript(i + 1)}`,
      hard,
      p: r.values?.[i] ?? null,
      kind: r.values?.[i] > 1 + 1e-9 ? 'over' : r.id === focus ? 'focus' : 'normal',
    })),
  );
  const titles = results.map((r, mi) => ({
    ...place(mi),
    state: verdictOf(r),
    focus: r.id === focus,
    title: `${{ sound: '✓', failed: '✗', unavailable: '–' }[verdictOf(r)]} ${say(language, methodName(r.id))}`,
    sum: r.unavailable ? '' : `Σp = ${formatNumber(r.sum, 6)}`,
    reason: r.unavailable ? language.t(`unavailable.${r.unavailable}`) : '',
  }));
  const top = Math.max(
    1.3,
    ...bars
      .filter((b) => b.p !== null)
      .map((b) => b.p * 1.12)
      .filter(Number.isFinite),
  );
  return { bars, titles, top };
}

// Each method's frame: grey when sound, accent when in focus, dashed when not defined, red when failing.
function frameMarks(frames, theme, colors) {
  return [
    rect(
      frames((t) => t.state === 'sound' && !t.focus),
      { fx: 'col', fy: 'row', fill: 'none', stroke: theme.grid },
    ),
    rect(
      frames((t) => t.state === 'unavailable'),
      { fx: 'col', fy: 'row', fill: 'none', stroke: theme.muted, strokeDasharray: '4,3', strokeWidth: (t) => (t.focus ? 2 : 1) },
    ),
    rect(
      frames((t) => t.state === 'sound' && t.focus),
      { fx: 'col', fy: 'row', fill: 'none', stroke: theme.accent, strokeWidth: 1.5 },
    ),
    rect(
      frames((t) => t.state === 'failed'),
      { fx: 'col', fy: 'row', fill: colors.error, fillOpacity: 0.06, stroke: colors.error, strokeWidth: (t) => (t.focus ? 2.5 : 1.5) },
    ),
  ];
}

// The hard top-k outline, the outputs, and the lines at 1 and 0.
function barMarks(bars, theme, colors) {
  return [
    barY(bars, {
      fx: 'col',
      fy: 'row',
      x: 'label',
      y: 'hard',
      fill: theme.band,
      fillOpacity: 0.5,
      stroke: theme.muted,
      strokeDasharray: '3,2',
      strokeWidth: 1,
    }),
    barY(
      bars.filter((b) => b.p !== null),
      { fx: 'col', fy: 'row', x: 'label', y: 'p', fill: 'kind', insetLeft: 3, insetRight: 3 },
    ),
    ruleY([1], { stroke: colors.error, strokeDasharray: '5,3', strokeOpacity: 0.8 }),
    ruleY([0], { stroke: theme.muted }),
  ];
}

// Each facet's title (coloured by its verdict), its Σp, and why a method was not run.
function textMarks(frames, theme, colors) {
  const facet = { fx: 'col', fy: 'row' };
  const halo = (strokeWidth) => ({ stroke: theme.panel, strokeWidth, paintOrder: 'stroke' });
  return [
    ...[
      ['sound', theme.text],
      ['failed', colors.error],
      ['unavailable', theme.muted],
    ].map(([which, fill]) =>
      text(
        frames((t) => t.state === which),
        { ...facet, text: 'title', frameAnchor: 'top-left', lineAnchor: 'bottom', dy: -5, dx: -30, fontWeight: 700, fill },
      ),
    ),
    text(
      frames((t) => t.sum),
      { ...facet, text: 'sum', frameAnchor: 'top-right', dy: 6, dx: -4, fill: theme.muted, fontSize: 11, ...halo(3) },
    ),
    text(
      frames((t) => t.reason),
      { ...facet, text: 'reason', frameAnchor: 'middle', dy: -14, fill: theme.text, fontSize: 12, fontWeight: 600, ...halo(4) },
    ),
  ];
}

// The chart's text alternative: each method's output and verdict.
function gridDescription(results, language) {
  return results
    .map((r) => {
      const name = say(language, methodName(r.id));
      if (r.unavailable) return language.t('grid.unavailable', { name, reason: language.t(`unavailable.${r.unavailable}`) });
      const params = { name, values: list(r.values), sum: formatNumber(r.sum, 6) };
      return r.problems.length
        ? language.t('grid.fails', { ...params, problems: sayListText(language, r.problems) })
        : language.t('grid.sound', params);
    })
    .join(language.t('sentence.separator'));
}

export function createMethodGrid({ language }) {
  let last = null;
  const plotFrame = createPlotFrame({ redraw: () => last && draw(last), minWidth: 300 });

  // results: evaluateAll(...).results; focus: the method id in focus; k for the caption.
  function draw(view) {
    last = view;
    const { results, k } = view;
    const columns = plotFrame.width >= 700 ? 4 : 2;
    const n = results[0].hard.length;
    const { bars, titles, top } = gridData(view, columns, language);
    const colors = extraColors(plotFrame.element);
    const frames = (which) => titles.filter(which);
    plotFrame.show(
      (theme) => ({
        height: Math.ceil(results.length / columns) * 150 + 40,
        marginLeft: 34,
        marginRight: 8,
        marginTop: 26,
        marginBottom: 22,
        fx: { axis: null, padding: 0.08 },
        fy: { axis: null, padding: 0.2 },
        x: { label: null, tickSize: 0, padding: 0.18, domain: Array.from({ length: n }, (_, i) => `x${subscript(i + 1)}`) },
        y: { domain: [0, top], label: null, ticks: [0, 0.5, 1, 1.5, 2].filter((t) => t <= top), grid: true },
        color: { type: 'ordinal', domain: ['normal', 'focus', 'over'], range: [theme.bar, theme.accent, colors.error] },
        marks: [...frameMarks(frames, theme, colors), ...barMarks(bars, theme, colors), ...textMarks(frames, theme, colors)],
      }),
      {
        label: language.t('grid.label', { count: results.length, k: String(Number(k.toPrecision(6))) }),
        description: gridDescription(results, language),
      },
    );
  }

  language.onChange(() => last && draw(last));
  return { element: plotFrame.element, draw };
}
