// The "numerics" panel of <mathlet-performer> (widget P4, R12): an input-scale slider x in [1, 40]
// on the T-P3 data and the three stabilisers side by side, each as a table of the output rows,
// log D_i and D_i written as a power of ten (so D_2 ≈ 10^-421 at x = 30 shows, where the double
// range ends near 10^-308). Rows that turned NaN are red, denormal denominators amber; under each
// table, how far the rows are from the mean of V and from the log-domain answer. Below them, log D₂
// against the scale for the three stabilisers (computed once, in the worker: curvesRun), the double
// range's floor shaded: `none` hits it at ×25.75 and is NaN from ×26.5, log-domain goes on; the
// slider's x is a marker moved over it without a new chart. Loaded when the reader opens the panel
// (parts/lazy-disclosure.js); the scale is the panel's own and drawn on the widget's render path
// (widget.render('numerics')).
import { el, sym } from '../parts/create-element.js';
import { createLogSlider } from '../parts/log-slider.js';
import { createLogLinePlot } from '../parts/log-line-plot.js';
import { formatNumber, subscript } from '../parts/number-text.js';
import {
  CURVE_ROW,
  curvesRun,
  DEFAULT_SCALE,
  LOG_DOUBLE_FLOOR,
  leavesRange,
  numericsAt,
  powerOfTen,
  SCALE_RANGE,
  STABILIZERS,
} from './performer-numerics.js';

const v = (name) => el('var', { translate: 'no' }, name);
const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** D as a readout from its log: "2.20·10⁻⁴²¹", or "0" and "∞" where the log is not finite. */
export function powerText(log) {
  const p = powerOfTen(log);
  if (!p) return Number.isNaN(log) ? 'NaN' : log > 0 ? '∞' : '0';
  if (p.exponent >= -3 && p.exponent <= 3) return formatNumber(Math.exp(log), 4);
  return `${formatNumber(p.mantissa, 2)}·10${[...String(p.exponent)].map((c) => SUPERSCRIPT[c]).join('')}`;
}

function table(language) {
  const body = el('tbody', {});
  const head = el(
    'thead',
    {},
    el(
      'tr',
      {},
      el('th', { scope: 'col' }, v('i')),
      el('th', { scope: 'col' }, language.text('numerics.out')),
      el('th', { scope: 'col', translate: 'no' }, 'log ', v('D'), el('sub', {}, v('i'))),
      el('th', { scope: 'col', translate: 'no' }, v('D'), el('sub', {}, v('i'))),
    ),
  );
  return { element: el('table', { class: 'numerics-table' }, head, body), body };
}

const CURVE_COLOURS = { none: 'error', 'reference-eps': 'c3', 'log-domain': 'c1' };

// log D₂ against x, from the worker once (the curves depend on nothing the reader changes):
// { element, draw(scale) } draws the chart when the curves are in, else moves its marker only.
function createCurvePlot(widget) {
  const { language } = widget;
  const { t } = language;
  const plot = createLogLinePlot({ height: 230, language, marginLeft: 56 });
  const line = el('p', { class: 'numerics-curve-line', role: 'status' }, t('numerics.curve.computing'));
  let curves = null;
  let drawn = null; // the language the chart's words are in
  const job = widget.background({
    run: curvesRun(widget.resources.background),
    onAnswer: (answer, _input, { latest }) => {
      if (!latest || !answer) return;
      curves = answer;
      widget.render('numerics');
    },
    onError: (error, _input, { latest }) => {
      if (!latest) return;
      line.textContent = error instanceof Error ? error.message : String(error);
      line.classList.add('failed');
    },
  });
  job.request({});
  const element = el(
    'div',
    { class: 'numerics-curve' },
    el(
      'h4',
      {},
      language.rich('numerics.curve', {
        logD: el('span', { translate: 'no' }, 'log ', v('D'), el('sub', {}, String(CURVE_ROW))),
        x: v('x'),
      }),
    ),
    plot.element,
    line,
  );
  const pointAt = (x) => curves?.['log-domain'][CURVE_ROW].find((p) => p.x === x)?.y;
  function draw(scale) {
    if (curves && drawn !== language.lang) {
      drawn = language.lang;
      const none = leavesRange(curves.none[CURVE_ROW]);
      const last = curves['log-domain'][CURVE_ROW].at(-1);
      plot.draw({
        label: t('numerics.curve.label', { row: CURVE_ROW }),
        x: { type: 'linear', domain: SCALE_RANGE, label: t('numerics.curve.x') },
        y: { type: 'linear', domain: [-1800, 150], label: t('numerics.curve.y', { row: subscript(CURVE_ROW) }) },
        band: { points: SCALE_RANGE.map((x) => ({ x, y: LOG_DOUBLE_FLOOR })), text: t('numerics.curve.band') },
        series: STABILIZERS.map((s) => ({
          name: t(`numerics.curve.${s}`),
          color: CURVE_COLOURS[s],
          width: s === 'none' ? 3 : 2,
          dashed: s === 'log-domain',
          points: curves[s][CURVE_ROW],
        })),
        rules: [
          { x: none.denormal, color: 'c2' },
          { x: none.nan, color: 'error' },
        ].filter((r) => r.x !== null),
      });
      line.textContent = t('numerics.curve.line', {
        denormal: String(none.denormal),
        nan: String(none.nan),
        x: String(last.x),
        logD: formatNumber(last.y, 1),
      });
      Object.assign(widget.host.dataset, { numericsDenormal: String(none.denormal), numericsNan: String(none.nan) });
    }
    if (!curves && !line.classList.contains('failed')) line.textContent = t('numerics.curve.computing');
    plot.mark(curves ? { x: scale, y: pointAt(scale) } : null);
  }
  return { element, draw };
}

/** createNumericsPanel(widget) -> { element, draw(), scale } */
export function createNumericsPanel(widget) {
  const { language, resources } = widget;
  const { t } = language;
  let scale = DEFAULT_SCALE;
  const slider = createLogSlider({
    id: 'numerics-scale',
    name: 'x',
    label: language.rich('numerics.scale', { x: v('x') }),
    min: SCALE_RANGE[0],
    max: SCALE_RANGE[1],
    value: scale,
    steps: 156, // x in steps of 0.25: 25.75 and 26.5 (R12's thresholds) are on the slider
    linear: true,
    ticks: [1, 10, 20, 30, 40],
    language,
    onChange: (x) => {
      scale = x;
      widget.render('numerics');
    },
  });
  const columns = STABILIZERS.map((stabilizer) => {
    const t3 = table(language);
    const summary = el('p', { class: 'numerics-summary', translate: 'no' });
    const element = el(
      'section',
      { class: 'numerics-column', 'data-stabilizer': stabilizer },
      el('h4', {}, language.text(`numerics.${stabilizer}`)),
      el('p', { class: 'hint' }, language.text(`numerics.${stabilizer}.hint`)),
      t3.element,
      summary,
    );
    return { stabilizer, element, body: t3.body, summary };
  });
  const curve = createCurvePlot(widget);
  const element = el(
    'div',
    { class: 'numerics' },
    el('p', { class: 'hint' }, language.rich('numerics.hint', { x: v('x'), D: v('D') })),
    slider.element,
    el('div', { class: 'numerics-columns' }, ...columns.map((c) => c.element)),
    curve.element,
  );

  let shown = null;
  function draw() {
    const result = numericsAt(resources.core, scale);
    shown = result;
    result.columns.forEach((column, k) => {
      const view = columns[k];
      view.body.replaceChildren(
        ...column.rows.map((row, i) =>
          el(
            'tr',
            { class: row.status, 'data-row': i },
            el('th', { scope: 'row' }, String(i)),
            el('td', { translate: 'no' }, `(${row.out.map((x) => formatNumber(x, 4)).join(', ')})`),
            el('td', { translate: 'no' }, formatNumber(row.logD, 3)),
            el(
              'td',
              { translate: 'no' },
              powerText(row.logD),
              row.status === 'normal' ? null : sym(` ${t(`numerics.status.${row.status}`)}`),
            ),
          ),
        ),
      );
      const mean = `(${Array.from(result.mean, (x) => formatNumber(x, 2)).join(', ')})`;
      view.summary.textContent = column.nanRows
        ? t('numerics.summary.nan', { count: column.nanRows })
        : t('numerics.summary', { mean, toward: formatNumber(column.towardMean, 3), stable: formatNumber(column.fromStable, 3) });
      view.element.classList.toggle('bad', column.nanRows > 0);
    });
    curve.draw(scale);
    widget.host.dataset.numericsScale = String(scale);
  }

  return {
    element,
    draw,
    get shown() {
      return shown;
    },
  };
}
