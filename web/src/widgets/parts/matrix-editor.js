// Edits a small matrix: one field per entry (arrow keys step it), buttons that add or remove a row
// or a column, and a text box that takes the whole matrix at once (rows on lines or separated by
// ";", entries by spaces or commas). Bad text gets an inline message naming the entry
// ("A[2][1]: not a number") or the shape ("A: row 2 has 3 entries but row 0 has 2"); the last valid
// matrix stays in use. Indices count from 0, as in the articles' Python-style slices.
import { el } from './create-element.js';
import { editableNumber, NUMBER_FIELD_MAX_LENGTH, numberProblem, parseNumber, revalidateOnLanguageChange } from './number-text.js';
import { englishOnly } from './widget-language.js';

export const matrixEditorStyles = `
.matrix-editor { display: grid; gap: 0.35rem; }
.matrix-editor .cells { display: grid; gap: 0.25rem; align-items: center; width: max-content; max-width: 100%; overflow-x: auto; padding: 2px; }
.matrix-editor .cells input { width: 4.4rem; text-align: right; padding: 0.2rem 0.35rem; }
.matrix-editor .index { font-size: 0.72rem; color: var(--mlt-muted); text-align: center; font-variant-numeric: tabular-nums; }
.matrix-editor .index.row { text-align: right; padding-right: 0.15rem; }
.matrix-editor .shape-buttons { display: flex; flex-wrap: wrap; gap: 0.3rem; align-items: center; font-size: 0.84rem; }
.matrix-editor .shape-buttons button { padding: 0.12rem 0.55rem; font-size: 0.8rem; }
.matrix-editor .shape { color: var(--mlt-muted); margin-right: 0.2rem; font-variant-numeric: tabular-nums; }
.matrix-editor details { font-size: 0.84rem; }
.matrix-editor summary { cursor: pointer; color: var(--mlt-accent); width: max-content; }
.matrix-editor textarea { display: block; width: 100%; min-height: 4.8rem; margin-top: 0.3rem; font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.82rem; resize: vertical; }
.matrix-editor .field-error { display: block; }
`;

const MAX_TEXT = 20_000; // characters accepted in the whole-matrix box

/**
 * createMatrixEditor({ id, name, matrix, maxRows, maxCols, onChange, language }) -> { element, matrix, setMatrix }
 *   matrix    number[][] (at least one row and one column)
 *   onChange(matrix, { settled })  a new valid matrix (a fresh number[][])
 */
export function createMatrixEditor({ id, name, matrix, maxRows = 6, maxCols = 6, onChange, language = englishOnly }) {
  let current = matrix.map((row) => [...row]);
  const bad = new Map(); // "i,j" -> message for cells holding text that is not a usable number
  const label = (i, j) => `${name}[${i}][${j}]`;

  const cells = language.attr(el('div', { class: 'cells', role: 'group' }), 'aria-label', 'matrix.entries', { name });
  const cellErrors = el('span', { class: 'field-error', id: `${id}-cells-error`, role: 'alert', hidden: true });
  const shape = el('span', { class: 'shape', translate: 'no' });
  const shapeButton = (key, onclick) =>
    language.attr(el('button', { type: 'button', onclick }, language.text(`matrix.${key}`)), 'aria-label', `matrix.${key}Label`, { name });
  const buttons = {
    addRow: shapeButton('addRow', () => reshape(current.length + 1, current[0].length)),
    removeRow: shapeButton('removeRow', () => reshape(current.length - 1, current[0].length)),
    addCol: shapeButton('addCol', () => reshape(current.length, current[0].length + 1)),
    removeCol: shapeButton('removeCol', () => reshape(current.length, current[0].length - 1)),
  };
  const text = el('textarea', {
    id: `${id}-text`,
    rows: 4,
    spellcheck: 'false',
    autocomplete: 'off',
    translate: 'no',
    'aria-describedby': `${id}-text-error`,
  });
  const textError = el('span', { class: 'field-error', id: `${id}-text-error`, role: 'alert', hidden: true });
  const details = el(
    'details',
    {},
    el('summary', {}, language.text('matrix.typeWhole')),
    el('label', { for: `${id}-text`, class: 'visually-hidden' }, language.text('matrix.textLabel', { name })),
    text,
    textError,
  );
  const element = el(
    'div',
    { class: 'matrix-editor' },
    cells,
    cellErrors,
    el('div', { class: 'shape-buttons' }, shape, buttons.addRow, buttons.removeRow, buttons.addCol, buttons.removeCol),
    details,
  );

  // ---- the grid of fields -------------------------------------------------------------------
  function build() {
    const rows = current.length;
    const cols = current[0].length;
    cells.style.gridTemplateColumns = `auto repeat(${cols}, auto)`;
    const header = [el('span', { class: 'index' })];
    for (let j = 0; j < cols; j++) header.push(el('span', { class: 'index', translate: 'no', 'aria-hidden': 'true' }, String(j)));
    const body = [];
    for (let i = 0; i < rows; i++) {
      body.push(el('span', { class: 'index row', translate: 'no', 'aria-hidden': 'true' }, String(i)));
      for (let j = 0; j < cols; j++) {
        const input = el('input', {
          type: 'text',
          inputmode: 'decimal',
          maxlength: NUMBER_FIELD_MAX_LENGTH,
          id: `${id}-${i}-${j}`,
          autocomplete: 'off',
          spellcheck: 'false',
          translate: 'no',
          'aria-label': label(i, j),
          'aria-describedby': cellErrors.id,
          'data-row': i,
          'data-col': j,
          oninput: (event) => typed(i, j, event.target),
          onkeydown: (event) => stepped(event, i, j, event.target),
          onblur: (event) => {
            if (!bad.has(`${i},${j}`)) event.target.value = editableNumber(current[i][j]);
          },
        });
        input.value = editableNumber(current[i][j]);
        body.push(input);
      }
    }
    bad.clear();
    showCellErrors();
    cells.replaceChildren(...header, ...body);
    shape.textContent = `${rows} × ${cols}`;
    buttons.addRow.disabled = rows >= maxRows;
    buttons.removeRow.disabled = rows <= 1;
    buttons.addCol.disabled = cols >= maxCols;
    buttons.removeCol.disabled = cols <= 1;
  }

  function showCellErrors() {
    cellErrors.hidden = bad.size === 0;
    cellErrors.textContent = [...bad.values()].join('; ');
  }

  function markCell(input, i, j, message) {
    if (message) bad.set(`${i},${j}`, message);
    else bad.delete(`${i},${j}`);
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
    showCellErrors();
  }

  function typed(i, j, input) {
    const parsed = parseNumber(input.value);
    if (parsed.error)
      return markCell(input, i, j, language.t('field.problem', { name: label(i, j), reason: numberProblem(language, parsed) }));
    markCell(input, i, j, null);
    set(i, j, parsed.value);
  }

  function stepped(event, i, j, input) {
    if (event.key === 'Escape') {
      markCell(input, i, j, null);
      input.value = editableNumber(current[i][j]);
      return;
    }
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    const step = event.shiftKey || event.altKey ? 0.1 : 1;
    const next = Number((current[i][j] + (event.key === 'ArrowUp' ? step : -step)).toFixed(10));
    markCell(input, i, j, null);
    input.value = editableNumber(next);
    set(i, j, next);
  }

  function set(i, j, v) {
    current = current.map((row) => [...row]);
    current[i][j] = v;
    syncText();
    onChange(copy(), { settled: true });
  }

  function reshape(rows, cols) {
    if (rows < 1 || cols < 1 || rows > maxRows || cols > maxCols) return;
    current = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => current[i]?.[j] ?? 0));
    build();
    syncText();
    onChange(copy(), { settled: true });
  }

  // ---- the whole matrix as text ------------------------------------------------------------
  function syncText() {
    if (element.getRootNode().activeElement === text) return;
    text.value = current.map((row) => row.map((v) => editableNumber(v, 8)).join('  ')).join('\n');
    showTextError(null);
  }

  function showTextError(message) {
    textError.hidden = !message;
    textError.textContent = message ?? '';
    text.setAttribute('aria-invalid', message ? 'true' : 'false');
  }

  text.addEventListener('input', () => {
    const parsed = parseMatrixText(text.value, name, maxRows, maxCols, language);
    if (parsed.error) return showTextError(parsed.error);
    showTextError(null);
    current = parsed.matrix;
    build();
    onChange(copy(), { settled: true });
  });
  text.addEventListener('blur', () => {
    if (text.getAttribute('aria-invalid') !== 'true') syncText();
  });

  const copy = () => current.map((row) => [...row]);

  build();
  syncText();
  revalidateOnLanguageChange(language, element);
  return {
    element,
    get matrix() {
      return copy();
    },
    /** Replaces the matrix (rebuilds the grid when the shape changes). */
    setMatrix(next) {
      const sameShape = next.length === current.length && next[0].length === current[0].length;
      current = next.map((row) => [...row]);
      if (!sameShape) build();
      else {
        for (const input of cells.querySelectorAll('input')) {
          const i = Number(input.dataset.row);
          const j = Number(input.dataset.col);
          input.value = editableNumber(current[i][j]);
          input.setAttribute('aria-invalid', 'false');
        }
        bad.clear();
        showCellErrors();
      }
      syncText();
    },
  };
}

/** Parses "1 2; 3 4" or one row per line into number[][], or returns { error } naming the problem. */
export function parseMatrixText(source, name, maxRows, maxCols, language = englishOnly) {
  const fail = (key, params) => ({ error: language.t(key, { name, ...params }) });
  if (source.length > MAX_TEXT) return fail('matrix.tooLong', { rows: maxRows, cols: maxCols });
  const lines = source
    .split(/[\n;]+/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length === 0) return fail('matrix.empty');
  if (lines.length > maxRows) return fail('matrix.tooManyRows', { max: maxRows, count: lines.length });
  const matrix = [];
  for (const [i, line] of lines.entries()) {
    const parts = line
      .replace(/^\[|\]$/g, '')
      .split(/[\s,]+/)
      .filter(Boolean);
    if (parts.length > maxCols) return fail('matrix.tooManyCols', { max: maxCols, row: i, count: parts.length });
    if (i > 0 && parts.length !== matrix[0].length) {
      return fail('matrix.ragged', { row: i, count: parts.length, first: matrix[0].length });
    }
    const row = [];
    for (const [j, part] of parts.entries()) {
      const parsed = parseNumber(part);
      if (parsed.error) return fail('field.problem', { name: `${name}[${i}][${j}]`, reason: numberProblem(language, parsed) });
      row.push(parsed.value);
    }
    matrix.push(row);
  }
  return { matrix };
}
