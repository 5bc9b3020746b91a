// The small-matrix heatmap's geometry (web/src/widgets/parts/heatmap.js), in Node: cells that fit the
// frame within their size limits, the matrix centred between the label margin and the right edge,
// each picked row and column once, their crossings, and entries printed only when they fit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heatmapLayout } from '../../web/src/widgets/parts/heatmap.js';

const view = (rows, cols, picks = {}) => ({ matrix: { rows, cols, data: new Float64Array(rows * cols) }, ...picks });

describe('heatmap layout', () => {
  it('caps the cell size on a wide frame and centres the matrix after the label margin', () => {
    const layout = heatmapLayout(view(12, 32), 1200, 22);
    assert.equal(layout.cell, 22);
    const right = layout.width - (layout.left + 32 * layout.cell);
    assert.equal(layout.left - 44, right, 'as much room left of the matrix (after the labels) as right of it');
    assert.equal(layout.height, 38 + 6 + 12 * 22);
  });

  it('shrinks the cells to fit a narrow frame, down to 4 px', () => {
    const narrow = heatmapLayout(view(12, 32), 300, 22);
    assert.ok(narrow.cell < 22 && narrow.left + 32 * narrow.cell <= 300 - 4, JSON.stringify(narrow));
    assert.equal(heatmapLayout(view(10, 400), 300, 22).cell, 4);
  });

  it('lists each picked row and column once, with every crossing', () => {
    const layout = heatmapLayout(view(8, 8, { rows: [1, 5, 1], cols: [2, 2, 6] }), 600, 30);
    assert.deepEqual(layout.rowSet, [1, 5]);
    assert.deepEqual(layout.colSet, [2, 6]);
    assert.deepEqual(layout.crossings, [
      { i: 1, j: 2 },
      { i: 1, j: 6 },
      { i: 5, j: 2 },
      { i: 5, j: 6 },
    ]);
  });

  it('prints the entries only for a small matrix whose cells are large enough', () => {
    assert.equal(heatmapLayout(view(8, 8), 600, 30).small, true);
    assert.equal(heatmapLayout(view(8, 8), 200, 30).small, false, 'cells under 30 px');
    assert.equal(heatmapLayout(view(9, 8), 900, 30).small, false, 'more than 64 entries');
  });

  it('falls back to a unit colour scale when the given one is zero or not finite', () => {
    assert.equal(heatmapLayout({ ...view(2, 2), scale: 0 }, 400, 30).scale, 1);
    assert.equal(heatmapLayout({ ...view(2, 2), scale: Number.NaN }, 400, 30).scale, 1);
    assert.equal(heatmapLayout({ ...view(2, 2), scale: 3 }, 400, 30).scale, 3);
  });
});
