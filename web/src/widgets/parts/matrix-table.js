// A read-only matrix of numbers between brackets (a result such as A⁺), as a table so screen
// readers can walk it. Numbers are translate="no"; entries that are rounding noise relative to the
// largest one can be shown as 0.
import { el } from './create-element.js';
import { formatNumber } from './number-text.js';

export const matrixTableStyles = `
.matrix-table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.86rem; margin: 0.2rem 0; border-left: 2px solid var(--mlt-text); border-right: 2px solid var(--mlt-text); border-radius: 4px; }
.matrix-table td { padding: 0.08rem 0.55rem; text-align: right; white-space: nowrap; }
.matrix-table caption { caption-side: top; text-align: left; font-size: 0.8rem; color: var(--mlt-muted); padding-bottom: 0.15rem; }
.matrix-wrap { overflow-x: auto; max-width: 100%; }
`;

/** createMatrixTable({ caption }) -> { element, show({ rows, cols, data }, { digits, chop }) } */
export function createMatrixTable({ caption }) {
  const table = el('table', { class: 'matrix-table notranslate', translate: 'no' });
  const element = el('div', { class: 'matrix-wrap' }, table);
  return {
    element,
    show(matrix, { digits = 4, chop = 1e-13 } = {}) {
      const { rows, cols, data } = matrix;
      const largest = Math.max(0, ...Array.from(data, Math.abs));
      const body = [];
      for (let i = 0; i < rows; i++) {
        const cells = [];
        for (let j = 0; j < cols; j++) {
          const v = data[i * cols + j];
          cells.push(el('td', {}, formatNumber(Math.abs(v) <= chop * largest ? 0 : v, digits)));
        }
        body.push(el('tr', {}, ...cells));
      }
      table.replaceChildren(el('caption', {}, caption), ...body);
    },
  };
}
