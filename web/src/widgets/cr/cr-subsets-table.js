// The selection rules of <mathlet-cr> as a table (cr-subsets.js computes the rows): for top-r,
// greedy, the exhaustive best subset and the reader's own pick, the kept terms and the error with
// weights 1, with the optimal diagonal weights λ* and with the optimal middle matrix Λ*, and the SVD
// floor under them. Rule names stay translatable; numbers and indices do not.
import { el, sym } from '../parts/create-element.js';
import { formatNumber } from '../parts/number-text.js';
import { readKeep } from './cr-presets.js';
import { BEST_CAP } from './cr-subsets.js';

const RULES = ['top', 'greedy', 'best', 'pick'];
const PICK_FIELD_MAX_LENGTH = 160;
const v = (name) => el('var', { translate: 'no' }, name);
const math = (...parts) => el('span', { class: 'notranslate nowrap', translate: 'no' }, ...parts);

// The reader's own selection: text of term indices; a bad list shows its problem inline.
function createPickField(language, onPick) {
  const error = el('span', { class: 'field-error', id: 'cr-keep-error', role: 'alert', hidden: true });
  const input = el('input', {
    type: 'text',
    id: 'cr-keep',
    class: 'keep-field',
    autocomplete: 'off',
    spellcheck: 'false',
    translate: 'no',
    placeholder: '4, 5',
    'aria-describedby': 'cr-keep-error',
    // Bounded, so that a huge paste cannot freeze the tab; room for every index of the largest
    // factors (32 terms written "0, 1, …, 31" take 116 characters).
    maxlength: PICK_FIELD_MAX_LENGTH,
  });
  let l = 1;
  let current = [];
  const setError = (message) => {
    error.hidden = !message;
    error.textContent = message ?? '';
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
  };
  // The field shows the pick in use, unless the reader is typing in it.
  const show = () => {
    setError(null);
    input.value = current.join(', ');
  };
  input.addEventListener('input', () => {
    const read = readKeep(input.value, l, null);
    setError(read.problem ? read.problem(language.t) : null);
    if (!read.problem) onPick(read.value);
  });
  input.addEventListener('blur', () => input.getAttribute('aria-invalid') === 'true' && show());
  input.addEventListener('keydown', (event) => event.key === 'Escape' && show());
  language.attr(input, 'aria-label', 'subsets.pickLabel');
  language.onChange(() => input.getAttribute('aria-invalid') === 'true' && setError(readKeep(input.value, l, null).problem?.(language.t)));
  return {
    element: el('span', { class: 'keep-input' }, input, error),
    set(keep, terms) {
      l = terms;
      current = keep;
      if (!input.matches(':focus') && readKeep(input.value, l).value.join() !== keep.join()) show();
    },
  };
}

function headerRow(language) {
  const col = (...content) => el('th', { scope: 'col' }, ...content);
  return el(
    'tr',
    {},
    col(language.text('subsets.rule')),
    col(language.text('subsets.kept')),
    col(language.text('subsets.plain')),
    col(language.rich('subsets.diagonal', { lambda: math(v('λ'), '*') })),
    col(language.rich('subsets.full', { Lambda: math('Λ*') })),
  );
}

function createRow(id, keptCell) {
  const cells = { name: el('span', { class: 'name' }), note: el('span', { class: 'note' }) };
  cells.kept = keptCell ?? sym('');
  cells.errors = [sym(''), sym(''), sym('')];
  const row = el(
    'tr',
    { 'data-rule': id },
    el('th', { scope: 'row' }, cells.name, cells.note),
    el('td', { class: 'kept' }, cells.kept),
    ...cells.errors.map((c) => el('td', { class: 'num' }, c)),
  );
  return { row, cells };
}

/** createSubsetsTable({ language, onPick }) -> { element, update(subsets, state) }. */
export function createSubsetsTable({ language, onPick }) {
  const pick = createPickField(language, onPick);
  const rows = new Map(RULES.map((id) => [id, createRow(id, id === 'pick' ? pick.element : null)]));
  const floor = sym('');
  const element = el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'subsets' },
      el('thead', {}, headerRow(language)),
      el('tbody', {}, ...[...rows.values()].map((r) => r.row)),
      el(
        'tfoot',
        {},
        el('tr', {}, el('th', { scope: 'row', colspan: 4 }, language.text('subsets.floor')), el('td', { class: 'num' }, floor)),
      ),
    ),
  );

  let last = null;
  function update(subsets, state) {
    last = { subsets, state };
    const { t } = language;
    const l = state.preset.X[0].length;
    const byId = new Map(subsets.rows.map((r) => [r.id, r]));
    const scale = Math.max(1, ...subsets.rows.map((r) => r.plain ?? 0));
    const number = (x) => formatNumber(Math.abs(x) < 1e-12 * scale ? 0 : x, 3);
    for (const id of RULES) {
      const { row, cells } = rows.get(id);
      const r = byId.get(id);
      cells.name.textContent = t(`subsets.${id}`, { r: state.r, k: r?.k });
      cells.note.textContent = r?.refused
        ? t('subsets.refused', { l, r: state.r, count: r.refused, cap: BEST_CAP })
        : t(`subsets.${id}.note`, { l, r: state.r, count: r?.count, k: r?.k });
      row.classList.toggle('unavailable', Boolean(r?.refused));
      if (id !== 'pick') cells.kept.textContent = r?.indices ? `{${r.indices.join(', ')}}` : '—';
      const values = r && !r.refused ? [r.plain, r.diagonal, r.full] : [null, null, null];
      values.forEach((x, j) => {
        cells.errors[j].textContent = x === null ? '—' : number(x);
      });
    }
    pick.set(state.keep, l);
    floor.textContent = number(subsets.floor);
  }
  language.onChange(() => last && update(last.subsets, last.state));
  return { element, update };
}
