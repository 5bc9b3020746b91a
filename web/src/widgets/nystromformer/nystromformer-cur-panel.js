// The "Nyström of S vs Nyströmformer" panel of <mathlet-nystromformer> (widget N4, R7): the reader
// forms the token set I by clicking rows of a map (a click adds or removes that token), by typing the
// list, or by filling it randomly or by leverage; three maps (the CUR of S with W⁻¹, Nyströmformer
// with Q[I], K[I], the CUR of S with the optimal middle) with the tokens of I marked on their edges,
// and δ_i against i, whose spread is the gap between the first two. "Force equal δᵢ" replaces δ by
// one common value in Nyströmformer's kernels: its map becomes the CUR of S (R7), the δ plot goes
// flat, and a readout gives the largest difference between the two maps (rounding). The CURs of S
// and that map's product come from the worker (its matrix part); the rest is computed on the main
// thread when drawn. Loaded when opened.
import { createCanvasHeatmap } from '../parts/canvas-heatmap.js';
import { el, sym } from '../parts/create-element.js';
import { createLogLinePlot } from '../parts/log-line-plot.js';
import { formatNumber } from '../parts/number-text.js';
import {
  agreement,
  curRun,
  deltas,
  equalDeltaFactors,
  evenTokens,
  largestGap,
  nystromKernels,
  ruleTokens,
  tidy,
  toggle,
} from './nystromformer-cur.js';
import { colourScale } from './nystromformer-maps.js';
import { attentionKey, scaleOf } from './nystromformer-state.js';

const MAPS = ['intersection', 'nystrom', 'optimal'];
const MAX_TOKENS = 64;

/** The indices typed as "3, 17, 40": { value } or { problem } (a function of t). */
export function readTokens(text, n) {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (!parts.length) return { problem: (t) => t('cur.tokens.empty') };
  const value = [];
  for (const part of parts) {
    const i = Number(part);
    if (!Number.isInteger(i) || i < 0 || i >= n) return { problem: (t) => t('cur.tokens.range', { part, max: n - 1 }) };
    value.push(i);
  }
  const I = tidy(value);
  if (I.length > MAX_TOKENS) return { problem: (t) => t('cur.tokens.many', { max: MAX_TOKENS }) };
  return { value: I };
}

// sizeOf() is the current number of tokens: a list typed before the panel's first drawing is
// checked against the inputs on screen, not against a size the field has not been shown yet.
function createTokenField(language, onTokens, sizeOf) {
  const { t } = language;
  const input = el('input', {
    type: 'text',
    id: 'cur-tokens',
    autocomplete: 'off',
    spellcheck: 'false',
    translate: 'no',
    'aria-describedby': 'cur-tokens-error',
  });
  const error = el('span', { class: 'field-error', id: 'cur-tokens-error', role: 'alert', hidden: true });
  input.addEventListener('input', () => {
    const read = readTokens(input.value, sizeOf());
    error.hidden = !read.problem;
    error.textContent = read.problem ? t('field.problem', { name: 'I', reason: read.problem(t) }) : '';
    input.setAttribute('aria-invalid', String(Boolean(read.problem)));
    if (read.value) onTokens(read.value, { typed: true });
  });
  return {
    element: el(
      'div',
      { class: 'cur-tokens' },
      el('label', { for: 'cur-tokens' }, language.rich('cur.tokens', { I: sym('I') })),
      input,
      error,
    ),
    show(I, { typed = false } = {}) {
      if (typed) return;
      input.value = I.join(', ');
      error.hidden = true;
      input.setAttribute('aria-invalid', 'false');
    },
  };
}

// The CURs of S from the worker (newest request wins); a failure is said on the panel's line.
function createCurJob(widget, line) {
  let answer = { key: null, value: null };
  const job = widget.background({
    run: curRun(widget.resources.background),
    onAnswer: (value, input, { latest }) => {
      if (!latest || !value) return;
      answer = { key: input.key, value };
      widget.render('cur');
    },
    onError: (error, _input, { latest }) => {
      if (!latest) return;
      line.textContent = error instanceof Error ? error.message : String(error);
      line.classList.add('failed');
    },
  });
  return { answerFor: (key) => (answer.key === key ? answer.value : null), request: (input) => job.request(input) };
}

// "Force equal δᵢ": the checkbox, and the line that says how far the two maps then are apart.
function createEqualToggle(language, onChange) {
  const box = el('input', { type: 'checkbox', id: 'cur-equal', onchange: (e) => onChange(e.target.checked) });
  const line = el('p', { class: 'cur-equal-gap', role: 'status', hidden: true });
  const note = el('p', { class: 'hint', hidden: true }, language.text('cur.delta.equalNote'));
  return {
    label: el('label', { class: 'check', for: 'cur-equal' }, box, language.rich('cur.equal', { delta: sym('δᵢ') })),
    line,
    note,
    // gap: { max, kappa (κ(A)) }. Rounding allows about κ(A)·ε; past 10⁻³ A is numerically singular,
    // and the pseudo-inverses of A and of W = S[I,I] drop different directions (no longer rounding).
    show(on, gap) {
      box.checked = on;
      note.hidden = !on;
      line.hidden = !gap;
      if (!gap) return;
      const allowed = gap.kappa * 2 ** -52;
      const numbers = { gap: formatNumber(gap.max, 2), kappa: formatNumber(gap.kappa, 2), allowed: formatNumber(allowed, 2) };
      line.textContent = language.t(allowed < 1e-3 ? 'cur.equal.gap' : 'cur.equal.singular', numbers);
    },
  };
}

/** createCurPanel(widget) -> { element, draw(), shown } */
export function createCurPanel(widget) {
  const { language, resources } = widget;
  const { t } = language;
  const chosen = { I: null, key: null, seed: 1, typed: false, equal: false };
  const setTokens = (I, { typed = false } = {}) => {
    chosen.I = I;
    chosen.typed = typed;
    widget.render('cur');
  };
  const field = createTokenField(language, setTokens, () => widget.derived.S.rows);
  const pick = (i) => setTokens(toggle(chosen.I, i));
  const inputOf = () => ({ ...widget.derived.inputs, scale: scaleOf(widget.derived.state) });
  const fill = (landmarks) => {
    const n = widget.derived.inputs.Q.rows;
    chosen.seed += 1;
    setTokens(ruleTokens(resources.core, inputOf(), Math.min(widget.derived.state.m, n), landmarks, chosen.seed));
  };
  const buttons = el(
    'div',
    { class: 'buttons' },
    el('button', { type: 'button', onclick: () => fill('random') }, language.text('cur.random')),
    el('button', { type: 'button', onclick: () => fill('leverage') }, language.text('cur.leverage')),
  );
  const equalToggle = createEqualToggle(language, (on) => {
    chosen.equal = on;
    widget.render('cur');
  });
  const maps = Object.fromEntries(
    MAPS.map((id) => [id, createCanvasHeatmap({ title: t(`cur.map.${id}`), maxSide: 260, language, onPick: pick })]),
  );
  const deltaPlot = createLogLinePlot({ height: 190, language, marginLeft: 52 });
  const line = el('p', { class: 'computing', role: 'status' });
  const element = el(
    'div',
    { class: 'cur-panel' },
    el('p', { class: 'hint' }, language.text('cur.hint')),
    el('div', { class: 'cur-controls' }, field.element, buttons, equalToggle.label),
    line,
    equalToggle.line,
    el('div', { class: 'cur-maps' }, ...MAPS.map((id) => maps[id].element)),
    el('h4', {}, language.rich('cur.delta', { delta: sym('δᵢ') })),
    deltaPlot.element,
    equalToggle.note,
  );

  const curs = createCurJob(widget, line);
  let shown = null;
  function draw() {
    const { derived } = widget;
    const { S } = derived;
    const n = S.rows;
    const dataKey = attentionKey(derived.state);
    if (chosen.key !== dataKey || !chosen.I) {
      const kept = (chosen.I ?? []).filter((i) => i < n);
      chosen.I = kept.length ? kept : evenTokens(n, Math.min(derived.state.m, n));
      chosen.key = dataKey;
    }
    const I = chosen.I;
    field.show(I, { typed: chosen.typed });
    chosen.typed = false;
    const equal = chosen.equal;
    const key = `${dataKey}|${I.join(',')}|${equal}`;
    const delta = deltas(S, I);
    const kernels = nystromKernels(resources.core, inputOf(), I);
    const cur = curs.answerFor(key);
    if (!cur) curs.request({ S, I, key, equal: equal ? equalDeltaFactors(kernels, delta, I) : null });
    line.classList.remove('failed');
    line.textContent = cur ? '' : t('cur.computing');
    // With equal δ the middle map is the worker's product (until it arrives, the map stays as it was).
    const nystrom = equal ? cur?.equal : kernels.Shat;
    shown = {
      I,
      delta,
      equal,
      nystrom: nystrom && agreement(nystrom, S, I),
      cur: cur && { intersection: agreement(cur.intersection, S, I), optimal: agreement(cur.optimal, S, I) },
      gap: equal && cur ? { ...largestGap(cur.equal, cur.intersection), kappa: kernels.kappaA } : null,
    };
    equalToggle.show(equal, shown.gap);
    drawMaps(t, maps, { S, I, nystrom, cur, shown });
    drawDeltas(t, deltaPlot, delta, I, equal);
    publish(widget.host, shown);
  }

  return {
    element,
    draw,
    get shown() {
      return shown;
    },
  };
}

// The numbers on screen, on the host's data attributes (for tests and pages around the widget).
function publish(host, shown) {
  Object.assign(host.dataset, {
    curTokens: shown.I.join(' '),
    curNystrom: shown.nystrom ? String(shown.nystrom.relative) : '',
    curIntersection: shown.cur ? String(shown.cur.intersection.relative) : '',
    curOptimal: shown.cur ? String(shown.cur.optimal.relative) : '',
    curEqualGap: shown.gap ? String(shown.gap.max) : '',
  });
}

// The three maps (the CURs once the worker has sent them), I marked on both edges.
function drawMaps(t, maps, { S, I, nystrom, cur, shown }) {
  const scale = colourScale(S.data);
  const marks = { indices: I };
  const matrices = { intersection: cur?.intersection, nystrom, optimal: cur?.optimal };
  for (const id of MAPS) {
    if (!matrices[id]) continue;
    const a = id === 'nystrom' ? shown.nystrom : shown.cur[id];
    const numbers = { error: formatNumber(a.relative, 4), rows: formatNumber(a.rowsExact, 1), cols: formatNumber(a.colsExact, 1) };
    const title = t(id === 'nystrom' && shown.equal ? 'cur.map.equal' : `cur.map.${id}`);
    maps[id].draw({
      title,
      matrix: matrices[id],
      scale,
      rowMarks: marks,
      colMarks: marks,
      label: t('cur.label', { what: title, ...numbers }),
      note: t('cur.note', numbers),
    });
  }
}

const linearDomain = (lo, hi, label) => {
  const pad = Math.max(0.05 * (hi - lo), 0.01 * hi);
  return { type: 'linear', domain: [Math.max(0, lo - pad), hi + pad], label };
};

// δ_i against i on a log axis, the tokens of I ringed (δ = 1 / their row mass on I). With equal δ
// forced: one common value (their geometric mean; any value gives the same map), the free δ dashed.
function drawDeltas(t, plot, delta, I, equal) {
  const points = Array.from(delta, (y, x) => ({ x, y }));
  const finite = points.filter((p) => Number.isFinite(p.y) && p.y > 0).map((p) => p.y);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const common = Math.exp(finite.reduce((sum, y) => sum + Math.log(y), 0) / finite.length);
  const flat = points.map(({ x }) => ({ x, y: common }));
  const low = formatNumber(lo, 3);
  const high = formatNumber(hi, 3);
  plot.draw({
    label: equal ? t('cur.delta.equalLabel', { common: formatNumber(common, 3), low, high }) : t('cur.delta.label', { low, high }),
    x: { type: 'linear', domain: [0, Math.max(1, delta.length - 1)], label: t('cur.delta.x') },
    // A log axis once δ spans a decade (its ticks are decades); a narrower spread reads better linear.
    y: hi / lo >= 10 ? { type: 'log', domain: [lo / 1.2, hi * 1.2], label: t('cur.delta.y') } : linearDomain(lo, hi, t('cur.delta.y')),
    series: equal
      ? [
          { name: t('cur.delta.free'), color: 'muted', width: 1.2, dashed: true, points },
          { name: t('cur.delta.equal'), color: 'c1', width: 2, points: flat },
        ]
      : [{ name: 'δ', color: 'c1', width: 1.5, points }],
    dots: I.map((i) => ({ x: i, y: equal ? common : delta[i], color: 'pick' })),
  });
}
