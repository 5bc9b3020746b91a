// The "which factor keeps H fixed?" panel of <mathlet-entropy-attention> (E3, R7 and R10), opened on
// demand: for the sweep's draw, gain and base, the per-row factors on the standard scale that restore
// each row's entropy at L₀ (their median and middle half, from the worker), against log_L₀ n and the
// annealed Gaussian law √(1 + 2 log(n/L₀)/β²). At β ≈ 3 the median hugs log_L₀ n; at β = 1 it runs
// far above. Loaded when the reader opens the panel (parts/lazy-disclosure.js); drawn on the widget's
// render path; the worker's run starts again when the draw, gain or base changes.
import { el } from '../parts/create-element.js';
import { createLogLinePlot, describeSeries } from '../parts/log-line-plot.js';
import { memoized } from '../parts/memoized-draw.js';
import { LENGTHS } from './entropy-attention-attributes.js';
import { annealedFactor, factorRun, lognFactor } from './entropy-attention-factor.js';
import { sweepKey } from './entropy-attention-state.js';

/** createFactorPanel(widget) -> { element, draw() } */
export function createFactorPanel(widget) {
  const { language, host } = widget;
  const { t } = language;
  let answer = { key: null, rows: null };
  let asked = null;
  const line = el('p', { class: 'computing', role: 'status' });
  const job = widget.background({
    run: factorRun(widget.resources.background),
    onAnswer: (rows, input, { latest }) => {
      if (!latest) return;
      answer = { key: input.key, rows };
      line.textContent = '';
      host.dataset.factorKey = input.key;
      widget.render('factor');
    },
    onError: (error, _input, { latest }) => {
      if (latest) line.textContent = error instanceof Error ? error.message : String(error);
    },
  });
  const plot = createLogLinePlot({ height: 240, language, marginLeft: 44 });
  const update = memoized((view) => plot.draw(view));
  const legend = el(
    'ul',
    { class: 'legend' },
    ...[
      ['c5', '', 'factor.median'],
      ['c2', ' dashed', 'factor.logn'],
      ['c3', ' dashed', 'factor.annealed'],
    ].map(([color, dashed, key]) =>
      el('li', { class: color }, el('span', { class: `swatch${dashed}` }), el('span', {}, language.text(key))),
    ),
  );
  const element = el(
    'div',
    { class: 'factor-panel' },
    el('p', { class: 'hint' }, language.text('factor.hint')),
    line,
    plot.element,
    legend,
  );

  function draw() {
    const s = widget.state;
    const key = sweepKey(s);
    if (key !== asked) {
      asked = key;
      line.textContent = t('factor.computing');
      job.request({ key, d: s.d, rows: s.rows, seed: s.seed, keys: s.keys, gain: s.gain, base: s.base });
    }
    if (!answer.rows) return;
    const [, , , , gain, base] = answer.key.split('|').map((x, i) => (i === 3 ? x : Number(x)));
    update(`${answer.key}|${language.lang}`, () => {
      const usable = answer.rows.filter((r) => Number.isFinite(r.median));
      const median = { name: t('factor.median'), color: 'c5', markers: true, points: usable.map((r) => ({ x: r.n, y: r.median })) };
      const logn = { name: t('factor.logn'), color: 'c2', dashed: true, points: LENGTHS.map((n) => ({ x: n, y: lognFactor(n, base) })) };
      const annealed = {
        name: t('factor.annealed'),
        color: 'c3',
        dashed: true,
        points: LENGTHS.map((n) => ({ x: n, y: annealedFactor(n, base, gain) })).filter((p) => Number.isFinite(p.y)),
      };
      const top = Math.max(2.5, ...usable.map((r) => r.q75).filter(Number.isFinite)) * 1.08;
      return {
        label: t('factor.label'),
        x: { type: 'log', domain: [16, 4096], label: t('sweep.x'), ticks: [16, 64, 256, 1024, 4096], tickFormat: String },
        y: { type: 'linear', domain: [0, top], label: t('factor.y') },
        series: [median, logn, annealed],
        areas: [{ color: 'c5', points: usable.map((r) => ({ x: r.n, y1: r.q25, y2: r.q75 })) }],
        rules: [{ x: base, color: 'muted' }],
        description: describeSeries([median, logn, annealed], language),
      };
    });
  }
  return { element, draw };
}
