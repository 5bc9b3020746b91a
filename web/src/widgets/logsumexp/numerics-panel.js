// The numerics panel (logsumexp.md §6 item 7): for the reader's x and tau, the naive
// tau · log Σ exp(x_i / tau) and the max-shifted sum without log1p (naive-lse.js, plain doubles)
// against the stable algorithm of the core (result.lse), each with its value (and the sum of
// exponentials under it), and what went wrong (overflow to ∞, underflow to log 0 = −∞, a rounded-away correction). Buttons load the
// cases of §5.1 at tau = 1: (1000, 1000), (−1000, −1000), (710, 709) and the log1p case (0, −40).
import { el, sym } from '../parts/create-element.js';
import { formatNumber } from '../parts/number-text.js';
import { judge, naiveLse, shiftedLse } from './naive-lse.js';

const v = (name) => el('var', { translate: 'no' }, name);
const formula = (...parts) => el('span', { class: 'notranslate', translate: 'no' }, ...parts);
const sub = (...parts) => el('sub', {}, ...parts);

export const NUMERIC_CASES = [
  [1000, 1000],
  [-1000, -1000],
  [710, 709],
  [0, -40],
];

// The formulas of the three rows: symbols, the same in both languages.
const FORMULAS = {
  naive: () => formula(v('τ'), ' log Σ', sub(v('i')), ' e', el('sup', {}, v('x'), sub(v('i')), '/', v('τ'))),
  shifted: () =>
    formula(v('m'), ' + ', v('τ'), ' log Σ', sub(v('i')), ' e', el('sup', {}, '(', v('x'), sub(v('i')), '−', v('m'), ')/', v('τ'))),
  stable: () =>
    formula(
      v('m'),
      ' + ',
      v('τ'),
      ' log1p(Σ',
      sub(v('i'), '≠', v('i'), '*'),
      ' e',
      el('sup', {}, '(', v('x'), sub(v('i')), '−', v('m'), ')/', v('τ')),
      ')',
    ),
};

// Every digit that the double holds (the shortest text that reads back as it): the panel is about the last bits.
const exact = (value) => (Number.isFinite(value) ? String(value).replace('e+', 'e').replace(/-/g, '−') : formatNumber(value));

function createRow(language, kind) {
  const cells = { sum: sym(''), value: sym('', 'sym value'), status: el('span', { class: 'status-word' }) };
  const sum = kind === 'stable' ? null : el('span', { class: 'sum' }, formula('Σ = '), cells.sum);
  const row = el(
    'tr',
    { class: kind },
    el('th', { scope: 'row' }, el('span', { class: 'row-name' }, language.text(`num.${kind}`)), el('br'), FORMULAS[kind]()),
    el('td', {}, cells.value, sum),
    el('td', {}, cells.status),
  );
  return { row, cells };
}

function createTable(language) {
  const rows = Object.fromEntries(['naive', 'shifted', 'stable'].map((kind) => [kind, createRow(language, kind)]));
  const head = (key) => el('th', { scope: 'col' }, language.text(key));
  const table = el(
    'table',
    { class: 'numerics' },
    el('caption', { class: 'visually-hidden' }, language.text('num.caption')),
    el('thead', {}, el('tr', {}, head('num.scheme'), head('num.value'), head('num.verdict'))),
    el('tbody', {}, ...Object.values(rows).map((r) => r.row)),
  );
  return { table, rows };
}

/** createNumericsPanel(widget) -> { element, render(result) } */
export function createNumericsPanel(widget) {
  const { language } = widget;
  const { table, rows } = createTable(language);
  const statusText = (status, relative) =>
    status === 'rounding' ? language.t('num.rounding', { relative: formatNumber(relative, 2) }) : language.t(`num.${status}`);
  const caseButton = (x) =>
    el(
      'button',
      { type: 'button', onclick: () => widget.commit({ x: [...x], tau: 1 }) },
      formula(`(${x.map((a) => formatNumber(a, 0)).join(', ')})`),
    );
  const element = el(
    'section',
    { class: 'panel numerics-panel', 'aria-labelledby': 'num-heading' },
    el('h3', { id: 'num-heading' }, language.text('num.heading')),
    el('p', { class: 'hint' }, language.rich('num.hint', { m: formula(v('m'), ' = ', v('x'), sub('max')) })),
    table,
    el('p', { class: 'hint cases-hint' }, language.rich('num.cases', { tau: formula(v('τ'), ' = 1') })),
    el('div', { class: 'buttons cases' }, ...NUMERIC_CASES.map(caseButton)),
  );
  let drawn = null; // the inputs of the last drawing
  language.onChange(() => {
    drawn = null; // the verdicts are words: the next render writes them in the new language
  });
  return {
    element,
    render(result) {
      const { x, tau } = widget.state;
      if (drawn?.x === x && drawn.tau === tau) return false;
      drawn = { x, tau };
      const stable = result.lse;
      for (const [kind, scheme] of [
        ['naive', naiveLse(x, tau)],
        ['shifted', shiftedLse(x, tau)],
      ]) {
        const { status, relative } = judge(scheme, stable);
        rows[kind].cells.sum.textContent = exact(scheme.sum);
        rows[kind].cells.value.textContent = exact(scheme.value);
        rows[kind].cells.status.textContent = statusText(status, relative);
        rows[kind].row.dataset.status = status;
      }
      rows.stable.cells.value.textContent = exact(stable);
      rows.stable.cells.status.textContent = language.t('num.reference');
      widget.host.dataset.naive = String(naiveLse(x, tau).value);
    },
  };
}
