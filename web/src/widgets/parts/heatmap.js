// A heatmap of a matrix (Observable Plot rects on a diverging colour scale centred on 0, square
// cells), with chosen rows and columns outlined as stripes, their crossings (the intersection
// block) boxed, and pick markers (with a count when an index was drawn more than once) in the
// margins. Small matrices also print their entries. The text alternative lists the size, the
// range, the picks and, for small matrices, every entry.
import { rect, text } from '@observablehq/plot';
import { el } from './create-element.js';
import { createPlotFrame } from './plot-frame.js';
import { formatNumber } from './number-text.js';
import { englishOnly } from './widget-language.js';

export const heatmapStyles = `
.heatmap { min-width: 0; }
.heatmap .heatmap-title { margin: 0 0 0.1rem; font-size: 0.86rem; font-weight: 600; }
.heatmap .heatmap-note { margin: 0; font-size: 0.76rem; color: var(--mlt-muted); }
`;

/** A colour scale that a few outlying entries do not wash out: 1.25 times the 95th percentile of |entries|. */
export function robustScale(data) {
  const sorted = Array.from(data, Math.abs).sort((a, b) => a - b);
  const largest = sorted.at(-1) ?? 0;
  const typical = sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 0;
  return Math.min(largest, 1.25 * typical) || largest;
}

const MARGIN = { left: 44, top: 38, bottom: 6 };

/**
 * createHeatmap({ title, maxCell, language }) -> { element, draw(view) }
 * view: { matrix: { rows, cols, data }, scale (|value| at full colour), rows: [picked row indices],
 *         cols: [picked column indices], rowCounts / colCounts (optional Map index -> times drawn),
 *         note (text under the map), label (what the matrix is, for the text alternative),
 *         maxCell (optional: overrides the largest cell size for this drawing) }
 */
export function createHeatmap({ title, maxCell = 40, minWidth = 160, language = englishOnly } = {}) {
  let last = null;
  const frame = createPlotFrame({ redraw: () => last && draw(last), minWidth });
  const heading = el('p', { class: 'heatmap-title' }, title);
  const note = el('p', { class: 'heatmap-note', translate: 'no' });
  const element = el('div', { class: 'heatmap' }, heading, frame.element, note);
  language.onChange(() => last && draw(last));

  function draw(view) {
    last = view;
    const layout = heatmapLayout(view, frame.width, view.maxCell ?? maxCell);
    heading.textContent = view.title ?? title;
    note.textContent = view.note ?? '';
    frame.show((theme) => heatmapPlot(view, layout, theme), {
      label: language.t('heatmap.label', { what: view.label ?? title }),
      description: describe(view, layout, language),
    });
  }

  return { element, draw };
}

// Where everything goes: the cell size that fits the width (centred, with margins on both sides),
// the entries as { i, j, v }, the picked rows and columns (each once) and their crossings.
function heatmapLayout(view, width, maxCell) {
  const { rows, cols, data } = view.matrix;
  const scale = view.scale > 0 && Number.isFinite(view.scale) ? view.scale : 1;
  const cell = Math.max(4, Math.min(maxCell, (width - MARGIN.left - 8) / cols));
  const side = Math.max(4, (width - MARGIN.left - cell * cols) / 2);
  const entries = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) entries.push({ i, j, v: data[i * cols + j] });
  }
  const rowSet = [...new Set(view.rows ?? [])];
  const colSet = [...new Set(view.cols ?? [])];
  const crossings = rowSet.flatMap((i) => colSet.map((j) => ({ i, j })));
  return { rows, cols, scale, cell, side, entries, rowSet, colSet, crossings, small: rows * cols <= 64 && cell >= 30 };
}

// Axis ticks at every cell, or every 5th or 10th when the cells are small, labelled by index.
function indexAxis(n, cell) {
  const every = cell >= 15 ? 1 : cell >= 6 ? 5 : 10;
  const ticks = Array.from({ length: n }, (_, k) => k).filter((k) => k % every === 0);
  return { ticks: ticks.map((k) => k + 0.5), tickFormat: (d) => String(d - 0.5), tickSize: 0, label: null };
}

function heatmapPlot(view, layout, theme) {
  const { rows, cols, cell, side, scale } = layout;
  return {
    height: MARGIN.top + MARGIN.bottom + cell * rows,
    marginLeft: MARGIN.left + side,
    marginRight: side,
    marginTop: MARGIN.top,
    marginBottom: MARGIN.bottom,
    x: { domain: [0, cols], axis: 'top', ...indexAxis(cols, cell) },
    y: { domain: [0, rows], reverse: true, tickPadding: 3, ...indexAxis(rows, cell) },
    color: { type: 'diverging', scheme: 'rdbu', pivot: 0, domain: [-scale, scale], clamp: true },
    marks: heatmapMarks(view, layout, theme),
  };
}

// The cells' colours; the picked columns and rows as stripes over them, with their crossings boxed;
// the values printed when the matrix is small; markers in the margins (with a count when an index
// was drawn more than once).
function heatmapMarks(view, layout, theme) {
  const { rows, cols, entries, cell, rowSet, colSet, crossings } = layout;
  const stripe = { fill: theme.pick, fillOpacity: 0.12, stroke: theme.pick, strokeWidth: 2 };
  const marker = { fill: theme.pick, fontSize: 11, fontWeight: 700 };
  const count = (map, k) => (map?.get(k) > 1 ? `×${map.get(k)}` : '');
  return [
    rect(entries, { x1: 'j', x2: (d) => d.j + 1, y1: 'i', y2: (d) => d.i + 1, fill: 'v', inset: cell > 14 ? 0.5 : 0 }),
    rect(colSet, { x1: (j) => j, x2: (j) => j + 1, y1: 0, y2: rows, ...stripe }),
    rect(rowSet, { x1: 0, x2: cols, y1: (i) => i, y2: (i) => i + 1, ...stripe }),
    rect(crossings, { x1: 'j', x2: (d) => d.j + 1, y1: 'i', y2: (d) => d.i + 1, stroke: theme.text, strokeWidth: 2, fill: 'none' }),
    layout.small ? cellValues(layout) : null,
    text(colSet, { x: (j) => j + 0.5, y: 0, text: (j) => `${count(view.colCounts, j)}▼`, dy: -24, ...marker }),
    text(rowSet, { x: 0, y: (i) => i + 0.5, text: (i) => `${count(view.rowCounts, i)}▶`, dx: -24, textAnchor: 'end', ...marker }),
  ].filter(Boolean);
}

// Each entry printed in its cell, white on the darkest colours.
function cellValues({ entries, scale }) {
  const printed = (v) => (Math.abs(v) < 0.005 ? '0' : formatNumber(v, Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2));
  return text(entries, {
    x: (d) => d.j + 0.5,
    y: (d) => d.i + 0.5,
    text: (d) => printed(d.v),
    fill: (d) => (Math.abs(d.v) > 0.55 * scale ? 'white' : '#1d2430'),
    fontSize: 11,
  });
}

function describe(view, { entries, rowSet, colSet }, language) {
  const { rows, cols } = view.matrix;
  const values = entries.map((d) => d.v);
  const sorted = (set) => [...set].sort((a, b) => a - b).join(', ');
  const parts = [
    language.t('heatmap.size', { rows, cols, lo: formatNumber(Math.min(...values), 3), hi: formatNumber(Math.max(...values), 3) }),
  ];
  if (colSet.length) parts.push(language.t('heatmap.pickedCols', { list: sorted(colSet) }));
  if (rowSet.length) parts.push(language.t('heatmap.pickedRows', { list: sorted(rowSet) }));
  if (rows * cols <= 64) {
    const lines = [];
    for (let i = 0; i < rows; i++)
      lines.push(
        language.t('heatmap.row', {
          i,
          values: values
            .slice(i * cols, (i + 1) * cols)
            .map((v) => formatNumber(v, 3))
            .join(', '),
        }),
      );
    parts.push(lines.join('; '));
  }
  return `${parts.join(language.t('sentence.separator'))}${language.t('sentence.end')}`;
}
