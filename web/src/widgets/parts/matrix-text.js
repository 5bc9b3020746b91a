// A matrix as text: the parser ("1 2; 3 4", or one row per line, entries split by spaces or commas,
// a row may be bracketed as in Python) and the box of a matrix editor that takes a whole matrix at
// once. Bad text gets an inline message naming the entry ("A[2][1]: not a number") or the shape
// ("A: row 2 has 3 entries but row 0 has 2"), and the matrix in use stays.
import { el } from './create-element.js';
import { editableNumber, numberProblem, parseNumber } from './number-text.js';
import { englishOnly } from './widget-language.js';

const MAX_TEXT = 20_000; // characters accepted in the whole-matrix box

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

/**
 * createMatrixTextBox({ id, name, maxRows, maxCols, language, onMatrix }) -> { details, sync(matrix) }
 *   details       a disclosure holding the box, for the editor to place
 *   onMatrix(m)   the box now holds a good matrix m (number[][])
 *   sync(matrix)  show the matrix in use (left alone while the reader is typing in the box)
 */
export function createMatrixTextBox({ id, name, maxRows, maxCols, language, onMatrix }) {
  const text = el('textarea', {
    id: `${id}-text`,
    rows: 4,
    spellcheck: 'false',
    autocomplete: 'off',
    translate: 'no',
    'aria-describedby': `${id}-text-error`,
  });
  const error = el('span', { class: 'field-error', id: `${id}-text-error`, role: 'alert', hidden: true });
  const details = el(
    'details',
    {},
    el('summary', {}, language.text('matrix.typeWhole')),
    el('label', { for: `${id}-text`, class: 'visually-hidden' }, language.text('matrix.textLabel', { name })),
    text,
    error,
  );
  let shown = null; // the matrix in use, for blur to put back

  function showError(message) {
    error.hidden = !message;
    error.textContent = message ?? '';
    text.setAttribute('aria-invalid', message ? 'true' : 'false');
  }

  function sync(matrix) {
    shown = matrix;
    if (text.getRootNode().activeElement === text) return;
    text.value = matrix.map((row) => row.map((v) => editableNumber(v, 8)).join('  ')).join('\n');
    showError(null);
  }

  text.addEventListener('input', () => {
    const parsed = parseMatrixText(text.value, name, maxRows, maxCols, language);
    showError(parsed.error ?? null);
    if (!parsed.error) onMatrix(parsed.matrix);
  });
  text.addEventListener('blur', () => {
    if (text.getAttribute('aria-invalid') !== 'true' && shown) sync(shown);
  });
  return { details, sync };
}
