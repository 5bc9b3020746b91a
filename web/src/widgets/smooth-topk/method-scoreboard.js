// The methods as a table: the sum of p (should be k), the largest entry (should be at most 1), the
// distance to the hard top-k, and what fails (or why the method is not defined here). The same
// numbers as the small multiples, readable without the picture; method names and verdicts stay
// translatable, numbers do not.
import { el, sym } from '../parts/create-element.js';
import { formatNumber } from '../parts/number-text.js';
import { say, sayList, sayNodes } from './message-nodes.js';
import { METHODS, methodName, methodNote } from './topk-methods.js';
import { formatShare } from './share-format.js';

export function createScoreboard({ language }) {
  const rows = new Map();
  const body = el('tbody');
  for (const method of METHODS) {
    const cells = { sum: sym(''), max: sym(''), distance: sym(''), verdict: el('td') };
    const name = el('span', { class: 'name' });
    const note = el('span', { class: 'note' });
    const row = el(
      'tr',
      {},
      el('th', { scope: 'row' }, name, note),
      el('td', { class: 'num' }, cells.sum),
      el('td', { class: 'num' }, cells.max),
      el('td', { class: 'num' }, cells.distance),
      cells.verdict,
    );
    rows.set(method.id, { row, cells, name, note });
    body.append(row);
  }
  const v = (name) => el('var', { translate: 'no' }, name);
  const element = el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'scoreboard' },
      el('caption', {}, language.rich('scoreboard.caption', { k: v('k'), tau: v('τ') })),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, language.text('scoreboard.method')),
          el('th', { scope: 'col' }, el('span', { translate: 'no' }, 'Σ p')),
          el('th', { scope: 'col' }, el('span', { translate: 'no' }, 'max p')),
          el('th', { scope: 'col' }, el('span', { translate: 'no' }, 'max |p − Tₖ|')),
          el('th', { scope: 'col' }, language.text('scoreboard.verdict')),
        ),
      ),
      body,
    ),
  );

  let last = null;
  function update(results, focus) {
    last = { results, focus };
    for (const r of results) {
      const { row, cells, name, note } = rows.get(r.id);
      name.textContent = say(language, methodName(r.id));
      note.textContent = say(language, methodNote(r.id));
      row.classList.toggle('focus', r.id === focus);
      row.classList.toggle('unavailable', Boolean(r.unavailable));
      const dash = r.unavailable ? '—' : null;
      cells.sum.textContent = dash ?? formatNumber(r.sum, 6);
      cells.max.textContent = dash ?? formatShare(Math.max(...r.values));
      cells.distance.textContent = dash ?? formatNumber(r.distance, 4);
      cells.verdict.className = r.unavailable ? 'na' : r.problems.length ? 'bad' : 'ok';
      if (r.unavailable) {
        cells.verdict.replaceChildren(
          ...sayNodes(language, { key: 'scoreboard.unavailable', params: { reason: { key: `unavailable.${r.unavailable}` } } }),
        );
      } else if (r.problems.length) {
        cells.verdict.replaceChildren('✗ ', ...sayList(language, r.problems));
      } else {
        cells.verdict.replaceChildren(language.t('scoreboard.sound'));
      }
    }
  }
  language.onChange(() => last && update(last.results, last.focus));
  return { element, update };
}
