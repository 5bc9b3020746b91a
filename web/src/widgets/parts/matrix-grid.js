// The grid of a matrix editor: one field per entry, with row and column indices around it (from 0,
// as in the articles' Python-style slices). Arrow keys step an entry (Shift or Alt by 0.1, else 1);
// Escape puts back the value in use. A field holding bad text is marked, and one message under the
// grid names every such entry ("A[2][1]: not a number"), while the last good value stays in use.
import { el } from './create-element.js';
import { editableNumber, NUMBER_FIELD_MAX_LENGTH, numberProblem, parseNumber } from './number-text.js';

/**
 * createMatrixGrid({ id, name, language, valueAt, onEntry }) -> { cells, errors, build(rows, cols), sync() }
 *   valueAt(i, j)       the entry in use (the editor's matrix)
 *   onEntry(i, j, v)    a field now holds the good value v
 *   cells, errors       the grid and its message, for the editor to place
 *   build(rows, cols)   new fields for a new shape;  sync()  every field back to the values in use
 */
export function createMatrixGrid({ id, name, language, valueAt, onEntry }) {
  const bad = new Map(); // "i,j" -> message for fields holding text that is not a usable number
  const label = (i, j) => `${name}[${i}][${j}]`;
  const cells = language.attr(el('div', { class: 'cells', role: 'group' }), 'aria-label', 'matrix.entries', { name });
  const errors = el('span', { class: 'field-error', id: `${id}-cells-error`, role: 'alert', hidden: true });

  function field(i, j) {
    const input = el('input', {
      type: 'text',
      inputmode: 'decimal',
      maxlength: NUMBER_FIELD_MAX_LENGTH,
      id: `${id}-${i}-${j}`,
      autocomplete: 'off',
      spellcheck: 'false',
      translate: 'no',
      'aria-label': label(i, j),
      'aria-describedby': errors.id,
      'data-row': i,
      'data-col': j,
      oninput: () => typed(i, j, input),
      onkeydown: (event) => stepped(event, i, j, input),
      onblur: () => {
        if (!bad.has(`${i},${j}`)) input.value = editableNumber(valueAt(i, j));
      },
    });
    input.value = editableNumber(valueAt(i, j));
    return input;
  }

  function build(rows, cols) {
    const index = (text, extra = '') => el('span', { class: `index${extra}`, translate: 'no', 'aria-hidden': 'true' }, String(text));
    const header = [el('span', { class: 'index' }), ...Array.from({ length: cols }, (_, j) => index(j))];
    const body = [];
    for (let i = 0; i < rows; i++) body.push(index(i, ' row'), ...Array.from({ length: cols }, (_, j) => field(i, j)));
    cells.style.gridTemplateColumns = `auto repeat(${cols}, auto)`;
    cells.replaceChildren(...header, ...body);
    bad.clear();
    showErrors();
  }

  function sync() {
    for (const input of cells.querySelectorAll('input')) {
      input.value = editableNumber(valueAt(Number(input.dataset.row), Number(input.dataset.col)));
      input.setAttribute('aria-invalid', 'false');
    }
    bad.clear();
    showErrors();
  }

  function showErrors() {
    errors.hidden = bad.size === 0;
    errors.textContent = [...bad.values()].join('; ');
  }

  function mark(input, i, j, message) {
    if (message) bad.set(`${i},${j}`, message);
    else bad.delete(`${i},${j}`);
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
    showErrors();
  }

  function typed(i, j, input) {
    const parsed = parseNumber(input.value);
    if (parsed.error) return mark(input, i, j, language.t('field.problem', { name: label(i, j), reason: numberProblem(language, parsed) }));
    mark(input, i, j, null);
    onEntry(i, j, parsed.value);
  }

  function stepped(event, i, j, input) {
    if (event.key === 'Escape') {
      mark(input, i, j, null);
      input.value = editableNumber(valueAt(i, j));
      return;
    }
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    const step = event.shiftKey || event.altKey ? 0.1 : 1;
    const next = Number((valueAt(i, j) + (event.key === 'ArrowUp' ? step : -step)).toFixed(10));
    mark(input, i, j, null);
    input.value = editableNumber(next);
    onEntry(i, j, next);
  }

  return { cells, errors, build, sync };
}
