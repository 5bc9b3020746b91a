// The "cost" panel of <mathlet-performer> (widget P5, R15): flops against n for softmax and for
// Performer with m = d, 2d, 4d (the widget's d and feature map), the flop break-even n ≈ 2m of each
// marked beside the article's ~5000 tokens; the wall time of the same calls measured in the worker
// (filling in n by n); and the memory of the widget's own n and m as bars. Loaded when opened; the
// timing job runs again only when d or the feature map change.
import { el, sym } from '../parts/create-element.js';
import { createLogLinePlot } from '../parts/log-line-plot.js';
import { formatNumber } from '../parts/number-text.js';
import {
  ARTICLE_ESTIMATE,
  COST_SERIES,
  crossing,
  FLOP_NS,
  featuresOf,
  flopSeries,
  memoryOf,
  TIME_NS,
  timeRows,
  timeRun,
} from './performer-cost.js';

const COLOURS = { softmax: 'c1', m1: 'c2', m2: 'c3', m4: 'c4' };
const count = (x) => String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function seriesOf(t, rows, d) {
  return COST_SERIES.map((id) => ({
    name: id === 'softmax' ? t('cost.softmax') : t('cost.performer', { m: featuresOf(id, d) }),
    color: COLOURS[id],
    markers: true,
    points: rows[id],
  }));
}

function legend(language) {
  return el(
    'ul',
    { class: 'legend' },
    ...COST_SERIES.map((id) =>
      el('li', { class: COLOURS[id] }, el('span', { class: 'swatch' }), el('span', {}, language.text(`cost.legend.${id}`))),
    ),
    el('li', { class: 'guide' }, el('span', { class: 'swatch dashed' }), el('span', {}, language.text('cost.legend.rules'))),
  );
}

function memoryBars(language) {
  const bar = (id) => {
    const fill = el('span', { class: `bar-fill ${COLOURS[id === 'softmax' ? 'softmax' : 'm1']}` });
    const value = sym('');
    return {
      fill,
      value,
      element: el(
        'div',
        { class: 'memory-row' },
        el('span', { class: 'memory-name' }, language.text(`cost.memory.${id}`)),
        el('span', { class: 'bar' }, fill),
        value,
      ),
    };
  };
  const rows = { softmax: bar('softmax'), performer: bar('performer') };
  return {
    rows,
    element: el('div', { class: 'memory' }, rows.softmax.element, rows.performer.element),
    show(memory) {
      const top = Math.max(memory.softmax, memory.performer);
      for (const id of ['softmax', 'performer']) {
        rows[id].fill.style.width = `${(100 * memory[id]) / top}%`;
        rows[id].value.textContent = count(memory[id]);
      }
    },
  };
}

/** createCostPanel(widget) -> { element, draw(), shown } */
export function createCostPanel(widget) {
  const { language, resources } = widget;
  const { t } = language;
  const flops = createLogLinePlot({ height: 230, language, marginLeft: 58 });
  const times = createLogLinePlot({ height: 230, language, marginLeft: 58 });
  const memory = memoryBars(language);
  const breakEven = el('p', { class: 'cost-line', translate: 'no' });
  const memoryLine = el('p', { class: 'cost-line', translate: 'no' });
  const line = el('p', { class: 'computing', role: 'status' });
  const element = el(
    'div',
    { class: 'cost' },
    el('p', { class: 'hint' }, language.text('cost.hint')),
    legend(language),
    el(
      'div',
      { class: 'cost-grid' },
      el('div', {}, el('h4', {}, language.text('cost.flops')), flops.element, breakEven),
      el('div', {}, el('h4', {}, language.text('cost.time')), line, times.element),
    ),
    el('h4', {}, language.text('cost.memory')),
    memory.element,
    memoryLine,
  );

  let timing = { key: null, rows: timeRows(), done: false };
  const job = widget.background({
    run: timeRun(resources.background),
    onAnswer: (outcome, input, { latest }) => {
      if (!latest || outcome !== 'done' || input.rows !== timing.rows) return;
      timing.done = true;
      widget.render('cost');
    },
    onError: (error, _input, { latest }) => {
      if (latest) line.textContent = error instanceof Error ? error.message : String(error);
    },
  });

  let shown = null;
  function draw() {
    const { state } = widget.derived;
    const { d, kind } = state;
    const key = `${d}|${kind}`;
    if (timing.key !== key) {
      const rows = timeRows();
      timing = { key, rows, done: false };
      job.request({ d, kind, seed: state.featureSeed, rows, onRow: () => rows === timing.rows && widget.render('cost') });
    }
    line.textContent = timing.done ? '' : t('cost.timing');
    const flopRows = flopSeries(resources.core, d, kind);
    const evens = Object.fromEntries(['m1', 'm2', 'm4'].map((id) => [id, crossing(flopRows.softmax, flopRows[id])]));
    const rules = ['m1', 'm2', 'm4'].map((id) => ({ x: 2 * featuresOf(id, d), color: COLOURS[id] }));
    flops.draw({
      label: t('cost.flops.label', { d }),
      x: { type: 'log', domain: [FLOP_NS[0], FLOP_NS.at(-1)], label: t('cost.n') },
      y: { type: 'log', domain: domainOf(Object.values(flopRows)), label: t('cost.flops.y') },
      series: seriesOf(t, flopRows, d),
      rules: [...rules, { x: ARTICLE_ESTIMATE, color: 'muted' }],
    });
    const timed = Object.values(timing.rows).flat();
    times.draw({
      label: t('cost.time.label', { d }),
      x: { type: 'log', domain: [TIME_NS[0], TIME_NS.at(-1)], label: t('cost.n') },
      y: { type: 'log', domain: timed.length ? domainOf(Object.values(timing.rows)) : [0.01, 1000], label: t('cost.time.y') },
      series: seriesOf(t, timing.rows, d),
      rules,
    });
    const at = (id) => (evens[id] === null ? '—' : String(evens[id]));
    breakEven.textContent = t('cost.breakEven', { m1: at('m1'), m2: at('m2'), m4: at('m4'), d, estimate: ARTICLE_ESTIMATE });
    const used = memoryOf(resources.core, state);
    memory.show(used);
    memoryLine.textContent = t('cost.memoryLine', { n: state.n, m: state.m, ratio: formatNumber(used.softmax / used.performer, 2) });
    shown = { flopRows, evens, timing, memory: used };
    Object.assign(widget.host.dataset, {
      costBreakEven: ['m1', 'm2', 'm4'].map(at).join(' '),
      costTimed: String(timing.rows.softmax.length),
    });
  }

  return {
    element,
    draw,
    get shown() {
      return shown;
    },
  };
}

// A log axis over every positive value of the series, with a little room.
function domainOf(seriesList) {
  const values = seriesList
    .flat()
    .map((p) => p.y)
    .filter((y) => y > 0 && Number.isFinite(y));
  return [Math.min(...values) / 1.5, Math.max(...values) * 1.5];
}
