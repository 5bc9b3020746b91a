// The methods as a table: the sum of p (should be k), the largest entry (should be at most 1), the
// distance to the hard top-k, and what fails. The same numbers as the small multiples, readable
// without the picture; method names and verdicts stay translatable, numbers do not.
import { el, protectNumbers, sym } from '../parts/create-element.js';
import { formatNumber } from '../parts/number-text.js';
import { METHODS } from './topk-methods.js';
import { formatShare } from './share-format.js';

export function createScoreboard() {
  const rows = new Map();
  const body = el('tbody');
  for (const method of METHODS) {
    const cells = { sum: sym(''), max: sym(''), distance: sym(''), verdict: el('td') };
    const row = el('tr', {},
      el('th', { scope: 'row' }, method.name, el('span', { class: 'note' }, method.note)),
      el('td', { class: 'num' }, cells.sum),
      el('td', { class: 'num' }, cells.max),
      el('td', { class: 'num' }, cells.distance),
      cells.verdict);
    rows.set(method.id, { row, cells });
    body.append(row);
  }
  const element = el('div', { class: 'table-scroll' }, el('table', { class: 'scoreboard' },
    el('caption', {}, 'Every method on your input: a top-k mask must sum to ', el('var', { translate: 'no' }, 'k'),
      ', stay between 0 and 1, and approach the hard top-k as ', el('var', { translate: 'no' }, 'τ'), ' → 0.'),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'method'),
      el('th', { scope: 'col' }, el('span', { translate: 'no' }, 'Σ p')),
      el('th', { scope: 'col' }, el('span', { translate: 'no' }, 'max p')),
      el('th', { scope: 'col' }, el('span', { translate: 'no' }, 'max |p − Tₖ|')),
      el('th', { scope: 'col' }, 'verdict'))),
    body));

  return {
    element,
    update(results, focus) {
      for (const r of results) {
        const { row, cells } = rows.get(r.id);
        row.classList.toggle('focus', r.id === focus);
        cells.sum.textContent = formatNumber(r.sum, 6);
        cells.max.textContent = formatShare(Math.max(...r.values));
        cells.distance.textContent = formatNumber(r.distance, 4);
        cells.verdict.className = r.problems.length ? 'bad' : 'ok';
        cells.verdict.replaceChildren(...(r.problems.length ? protectNumbers(`✗ ${r.problems.join('; ')}`) : ['✓ sound']));
      }
    },
  };
}
