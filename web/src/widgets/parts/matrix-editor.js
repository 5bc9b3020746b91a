// Edits a small matrix: one field per entry (parts/matrix-grid.js), buttons that add or remove a row
// or a column, and a text box that takes the whole matrix at once (parts/matrix-text.js). Bad text
// gets an inline message and the last valid matrix stays in use.
import { el } from './create-element.js';
import { createMatrixGrid } from './matrix-grid.js';
import { createMatrixTextBox } from './matrix-text.js';
import { revalidateOnLanguageChange } from './number-text.js';
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

/**
 * createMatrixEditor({ id, name, matrix, maxRows, maxCols, onChange, language }) -> { element, matrix, setMatrix }
 *   matrix    number[][] (at least one row and one column)
 *   onChange(matrix, { settled })  a new valid matrix (a fresh number[][])
 */
export function createMatrixEditor({ id, name, matrix, maxRows = 6, maxCols = 6, onChange, language = englishOnly }) {
  let current = copyOf(matrix);
  const grid = createMatrixGrid({
    id,
    name,
    language,
    valueAt: (i, j) => current[i][j],
    onEntry: (i, j, v) => use(withEntry(current, i, j, v)),
  });
  const box = createMatrixTextBox({ id, name, maxRows, maxCols, language, onMatrix: (next) => use(next, { rebuild: true }) });
  const shape = createShapeButtons({
    name,
    language,
    maxRows,
    maxCols,
    onReshape: (rows, cols) => use(resized(current, rows, cols), { rebuild: true }),
  });
  const element = el('div', { class: 'matrix-editor' }, grid.cells, grid.errors, shape.element, box.details);

  // A new matrix in use: new fields when the shape changed, the box shown it, the widget told.
  function use(next, { rebuild = false, tell = true } = {}) {
    current = next;
    if (rebuild) rebuildGrid();
    box.sync(current);
    if (tell) onChange(copyOf(current), { settled: true });
  }

  function rebuildGrid() {
    grid.build(current.length, current[0].length);
    shape.show(current.length, current[0].length);
  }

  rebuildGrid();
  box.sync(current);
  revalidateOnLanguageChange(language, element);
  return {
    element,
    get matrix() {
      return copyOf(current);
    },
    /** Replaces the matrix (rebuilds the grid when the shape changes). */
    setMatrix(next) {
      const sameShape = next.length === current.length && next[0].length === current[0].length;
      use(copyOf(next), { rebuild: !sameShape, tell: false });
      if (sameShape) grid.sync();
    },
  };
}

// The shape readout and the buttons that add or remove a row or a column (within 1 .. max).
function createShapeButtons({ name, language, maxRows, maxCols, onReshape }) {
  const readout = el('span', { class: 'shape', translate: 'no' });
  let rows = 0;
  let cols = 0;
  const reshape = (r, c) => {
    if (r >= 1 && c >= 1 && r <= maxRows && c <= maxCols) onReshape(r, c);
  };
  const button = (key, onclick) =>
    language.attr(el('button', { type: 'button', onclick }, language.text(`matrix.${key}`)), 'aria-label', `matrix.${key}Label`, { name });
  const buttons = {
    addRow: button('addRow', () => reshape(rows + 1, cols)),
    removeRow: button('removeRow', () => reshape(rows - 1, cols)),
    addCol: button('addCol', () => reshape(rows, cols + 1)),
    removeCol: button('removeCol', () => reshape(rows, cols - 1)),
  };
  function show(r, c) {
    [rows, cols] = [r, c];
    readout.textContent = `${rows} × ${cols}`;
    buttons.addRow.disabled = rows >= maxRows;
    buttons.removeRow.disabled = rows <= 1;
    buttons.addCol.disabled = cols >= maxCols;
    buttons.removeCol.disabled = cols <= 1;
  }
  const element = el('div', { class: 'shape-buttons' }, readout, buttons.addRow, buttons.removeRow, buttons.addCol, buttons.removeCol);
  return { element, show };
}

const copyOf = (matrix) => matrix.map((row) => [...row]);

function withEntry(matrix, i, j, v) {
  const next = copyOf(matrix);
  next[i][j] = v;
  return next;
}

// The matrix cut or padded with zeros to rows x cols.
function resized(matrix, rows, cols) {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => matrix[i]?.[j] ?? 0));
}
