// The Jacobian ∂pᵢ/∂xⱼ of the method in focus (jacobian-check.js) as a small heat table: one row
// per output pᵢ, one column per score xⱼ, each cell tinted by its sign and size (blue positive,
// red negative, the same scale for every cell), then a column of row sums and a row of column
// sums, and a line under it checking that they vanish. A table rather than a picture: n ≤ 10, so
// every number fits and screen readers can walk it. Numbers and symbols are translate="no".
import { el } from '../parts/create-element.js';
import { formatNumber, subscript } from '../parts/number-text.js';
import { message, sayNodes } from './message-nodes.js';

export const jacobianTableStyles = `
.jacobian-wrap { overflow-x: auto; max-width: 100%; margin-top: 0.3rem; }
.jacobian { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.8rem; }
.jacobian th, .jacobian td { padding: 0.14rem 0.4rem; text-align: right; white-space: nowrap; }
.jacobian th { color: var(--mlt-muted); font-weight: 600; }
.jacobian td.sum, .jacobian tr.sums td { border-left: 0; color: var(--mlt-muted); font-style: italic; }
.jacobian td.sum { border-left: 1px solid var(--mlt-border); }
.jacobian tr.sums td { border-top: 1px solid var(--mlt-border); }
.jacobian-check { margin: 0.35rem 0 0; font-size: 0.85rem; }
.jacobian-check.good { color: var(--mlt-ok); }
.jacobian-check.bad { color: var(--mlt-error); font-weight: 600; }
@container (max-width: 480px) {
  .jacobian { font-size: 0.74rem; }
  .jacobian th, .jacobian td { padding: 0.12rem 0.22rem; }
}
`;

const MINUS = '\u2212';
const cellText = (v, largest) => formatNumber(Math.abs(v) <= 1e-12 * largest ? 0 : v, 3);
// A sum: rounding noise as a power of ten (3e−17), anything larger as a readout.
const sumText = (v) =>
  v === 0 ? '0' : Math.abs(v) >= 1e-3 ? formatNumber(v, 3) : v.toExponential(0).replace('e-', `e${MINUS}`).replace('-', MINUS);
// The tint: the share of the colour grows with |v| / largest, at most 40 %: at 70 % the light text of
// the dark scheme had a contrast of 3.05 on the strongest blue (axe's colour-contrast asks for 4.5).
const tint = (v, largest) =>
  largest > 0 && v !== 0
    ? `background: color-mix(in srgb, var(${v > 0 ? '--mlt-accent' : '--mlt-error'}) ${Math.round((40 * Math.abs(v)) / largest)}%, transparent)`
    : '';

function tableRows(check) {
  const { n, data, rowSums, colSums, largest } = check;
  const head = el(
    'tr',
    {},
    el('th', {}, ''),
    ...Array.from({ length: n }, (_, j) => el('th', { scope: 'col' }, `x${subscript(j + 1)}`)),
    el('th', { scope: 'col' }, 'Σⱼ'),
  );
  const rows = Array.from({ length: n }, (_, i) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, `p${subscript(i + 1)}`),
      ...Array.from({ length: n }, (_, j) => {
        const v = data[i * n + j];
        return el('td', { style: tint(v, largest) }, cellText(v, largest));
      }),
      el('td', { class: 'sum' }, sumText(rowSums[i])),
    ),
  );
  const sums = el(
    'tr',
    { class: 'sums' },
    el('th', { scope: 'row' }, 'Σᵢ'),
    ...colSums.map((s) => el('td', {}, sumText(s))),
    el('td', {}, ''),
  );
  return [el('thead', {}, head), el('tbody', {}, ...rows, sums)];
}

/** What the panel says where the core refuses the Jacobian at this τ (its message kept as written). */
export const refusedMessage = (reason) => message('jacobian.refused', { reason });

export function createJacobianTable({ language }) {
  let last = null;
  const table = el('table', { class: 'jacobian notranslate', translate: 'no', 'aria-label': '∂pᵢ/∂xⱼ' });
  const wrap = el('div', { class: 'jacobian-wrap' }, table);
  const verdict = el('p', { class: 'jacobian-check', role: 'status' });
  const notice = el('p', { class: 'view-notice', hidden: true });
  const element = el('div', { class: 'jacobian-view' }, wrap, verdict, notice);

  /**
   * view: { check (jacobian-check.js: a matrix, a refusal, or null), notice: what to say where there
   * is none (a message) }. A refusal is said inline, with the core's message, instead of the table.
   */
  function draw(view) {
    last = view;
    const { check: given, notice: none } = view;
    const check = given && !given.refused ? given : null;
    const why = given?.refused ? refusedMessage(given.refused) : none;
    wrap.hidden = !check;
    verdict.hidden = !check;
    notice.hidden = Boolean(check);
    element.dataset.worst = check ? String(check.worst) : '';
    element.dataset.refused = given?.refused ?? '';
    if (!check) {
      notice.replaceChildren(...sayNodes(language, why));
      return;
    }
    table.replaceChildren(...tableRows(check));
    verdict.className = `jacobian-check ${check.zero ? 'good' : 'bad'}`;
    const worst = sumText(check.worst);
    verdict.replaceChildren(...sayNodes(language, { key: check.zero ? 'jacobian.zero' : 'jacobian.nonzero', params: { worst } }));
  }

  language.onChange(() => last && draw(last));
  return { element, draw };
}
