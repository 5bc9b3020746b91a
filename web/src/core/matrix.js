// Matrix arguments: { rows, cols, data } in row-major order, or number[][] (one array per row).
// Both become { rows, cols, data: Float64Array }; every problem is reported with the argument's name.
import { describe } from './arguments.js';

// Largest matrix accepted: 2048 rows or columns and 2^21 entries (16 MiB). Decompositions of larger
// matrices would hold a browser tab for many seconds.
export const MAX_MATRIX_DIM = 2048;
export const MAX_MATRIX_ENTRIES = 2 ** 21;

// An absent optional matrix (an explicit W, a V), passed to the core as 0 x 0.
export const EMPTY_MATRIX = Object.freeze({ rows: 0, cols: 0, data: new Float64Array(0) });

function checkShape(fn, name, rows, cols) {
  for (const [what, v] of [
    ['rows', rows],
    ['cols', cols],
  ]) {
    if (typeof v !== 'number') throw new TypeError(`${fn}: ${name}.${what} must be a number (got ${describe(v)})`);
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${fn}: ${name}.${what} must be a non-negative integer (got ${v})`);
    if (v > MAX_MATRIX_DIM) throw new RangeError(`${fn}: ${name} has ${v} ${what}; the limit is ${MAX_MATRIX_DIM}`);
  }
  if (rows * cols > MAX_MATRIX_ENTRIES) {
    throw new RangeError(`${fn}: ${name} is ${rows}x${cols}; the limit is ${MAX_MATRIX_ENTRIES} entries`);
  }
}

function fromRows(fn, name, a) {
  const rows = a.length;
  const cols = rows ? (Array.isArray(a[0]) ? a[0].length : -1) : 0;
  if (cols < 0) throw new TypeError(`${fn}: ${name}[0] must be an array of numbers (got ${describe(a[0])})`);
  checkShape(fn, name, rows, cols);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = a[i];
    if (!Array.isArray(row)) throw new TypeError(`${fn}: ${name}[${i}] must be an array of numbers (got ${describe(row)})`);
    if (row.length !== cols) throw new RangeError(`${fn}: ${name}[${i}] has ${row.length} entries but ${name}[0] has ${cols}`);
    for (let j = 0; j < cols; j++) {
      if (typeof row[j] !== 'number') throw new TypeError(`${fn}: ${name}[${i}][${j}] is not a number (got ${describe(row[j])})`);
      data[i * cols + j] = row[j];
    }
  }
  return { rows, cols, data };
}

export function matrixArg(fn, name, a) {
  if (Array.isArray(a)) return fromRows(fn, name, a);
  if (a === null || typeof a !== 'object') {
    throw new TypeError(`${fn}: ${name} must be { rows, cols, data } or number[][] (got ${describe(a)})`);
  }
  const { rows, cols, data } = a;
  checkShape(fn, name, rows, cols);
  if (!(data instanceof Float64Array || data instanceof Float32Array || Array.isArray(data))) {
    throw new TypeError(`${fn}: ${name}.data must be a number[], Float64Array or Float32Array (got ${describe(data)})`);
  }
  if (data.length !== rows * cols) {
    throw new RangeError(`${fn}: ${name} is ${rows}x${cols} but ${name}.data holds ${data.length} values`);
  }
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      if (typeof data[i] !== 'number') throw new TypeError(`${fn}: ${name}.data[${i}] is not a number (got ${describe(data[i])})`);
    }
  }
  return { rows, cols, data: Float64Array.from(data) };
}
