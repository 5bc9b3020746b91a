// R8 along a segment: lse_tau at λx + (1 − λ)y for λ from 0 (the point y) to 1 (the point x), under
// the chord λ·lse_tau(x) + (1 − λ)·lse_tau(y), the gap between them shaded, and the reader's λ
// marked with the core's two values there (result.pair: chord and lseMix). When y − x is a
// multiple of 1 the curve is the chord: a straight line. Words follow the widget's language.
import { areaY, dot, lineY, link, text } from '@observablehq/plot';
import { createPlotFrame } from '../parts/plot-frame.js';
import { formatNumber } from '../parts/number-text.js';

const SAMPLES_READ_OUT = [0, 0.25, 0.5, 0.75, 1];

/** createConvexityPlot(language) -> { element, draw({ curve, pair, lse, mix }) } */
export function createConvexityPlot(language) {
  let last = null;
  const frame = createPlotFrame({ redraw: () => last && draw(last) });

  function draw(view) {
    last = view;
    const { curve, pair, lse, mix } = view;
    const chordAt = (lambda) => (lambda === 1 ? lse : lambda === 0 ? pair.lseY : lambda * lse + (1 - lambda) * pair.lseY);
    const rows = curve.map((d) => ({ ...d, chord: chordAt(d.lambda) }));
    const values = rows.flatMap((d) => [d.lse, d.chord]).filter(Number.isFinite);
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    const pad = Math.max((hi - lo) * 0.12, 1e-3 * Math.max(1, Math.abs(hi)));
    const current = [
      { lambda: mix, value: pair.lseMix, kind: 'lse' },
      { lambda: mix, value: pair.chord, kind: 'mean' },
    ];
    const ends = [
      { lambda: 0, value: pair.lseY, name: 'y' },
      { lambda: 1, value: lse, name: 'x' },
    ];
    frame.show(
      (theme) => ({
        height: 250,
        marginLeft: 52,
        marginRight: 18,
        marginTop: 20,
        marginBottom: 40,
        x: { domain: [0, 1], label: language.t('convex.axis'), labelAnchor: 'right', ticks: 5 },
        y: { domain: [lo - pad, hi + pad], grid: true, label: language.t('convex.valueAxis'), ticks: 5 },
        marks: [
          areaY(rows, { x: 'lambda', y1: 'lse', y2: 'chord', fill: theme.band }),
          lineY(rows, { x: 'lambda', y: 'chord', stroke: theme.mean, strokeWidth: 2, strokeDasharray: '6,4' }),
          lineY(rows, { x: 'lambda', y: 'lse', stroke: theme.lse, strokeWidth: 3 }),
          link([mix], { x1: (d) => d, x2: (d) => d, y1: () => pair.lseMix, y2: () => pair.chord, stroke: theme.text, strokeWidth: 1.5 }),
          dot(current, { x: 'lambda', y: 'value', r: 5, fill: (d) => theme[d.kind], stroke: theme.panel, strokeWidth: 2 }),
          text(ends, {
            x: 'lambda',
            y: 'value',
            text: 'name',
            dy: -12,
            fontStyle: 'italic',
            fontSize: 14,
            fill: theme.text,
            stroke: theme.panel,
            strokeWidth: 4,
            paintOrder: 'stroke',
          }),
          text([mix], {
            x: (d) => d,
            y: () => pair.chord,
            text: () => `λ = ${formatNumber(mix, 2)}`,
            dy: -12,
            textAnchor: mix > 0.6 ? 'end' : 'start',
            dx: mix > 0.6 ? -8 : 8,
            fill: theme.text,
            stroke: theme.panel,
            strokeWidth: 4,
            paintOrder: 'stroke',
          }),
        ],
      }),
      { label: language.t('convex.label'), description: describe(view, rows, language) },
    );
  }

  language.onChange(() => last && draw(last));
  return { element: frame.element, draw };
}

function describe({ pair, mix }, rows, language) {
  const f = (v) => formatNumber(v, 4);
  const nearest = (lambda) => rows.reduce((a, b) => (Math.abs(b.lambda - lambda) < Math.abs(a.lambda - lambda) ? b : a));
  const samples = SAMPLES_READ_OUT.map((lambda) =>
    language.t('convex.sample', { lambda, lse: f(nearest(lambda).lse), chord: f(nearest(lambda).chord) }),
  );
  return language.t('convex.description', {
    samples: samples.join(language.t('rows.separator')),
    mix: formatNumber(mix, 3),
    chord: f(pair.chord),
    lseMix: f(pair.lseMix),
    gap: f(pair.chord - pair.lseMix),
  });
}
