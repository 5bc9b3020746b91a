// A heatmap of a small matrix (up to a few dozen rows and columns) on a <canvas>: square cells on a
// diverging colour scale centred on 0 (red negative, blue positive), index labels along the top and
// the left, chosen rows and columns outlined as stripes, their crossings (the intersection block)
// boxed, pick markers (with a count when an index was drawn more than once) in the margins, and
// each entry printed in its cell when the matrix is small. It was an SVG of one rect per cell: the
// five maps of <mathlet-cr> made some 1200 elements, and laying them out and painting them again took
// most of an update's main-thread time (17 of 27 ms). The canvas is an image with a text alternative
// that lists the size, the range, the picks and, for small matrices, every entry.
import { el } from './create-element.js';
import { indexTriangle, matrixImage } from './canvas-heatmap.js';
import { watchFrame } from './frame-watch.js';
import { formatNumber } from './number-text.js';
import { themeColors } from './plot-frame.js';
import { englishOnly } from './widget-language.js';

export const heatmapStyles = `
.heatmap { min-width: 0; }
.heatmap .heatmap-title { margin: 0 0 0.1rem; font-size: 0.86rem; font-weight: 600; }
.heatmap canvas { display: block; max-width: 100%; }
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
// The widgets' font (their :host rule), for the labels drawn on the canvas.
// The pick markers' size (px): about the ▼ and ▶ of the 11 px bold font they replaced.
const PICK_SIZE = 7;
const FONT = '"Liberation Sans", "Helvetica Neue", Arial, system-ui, sans-serif';

/**
 * createHeatmap({ title, maxCell, minWidth, language }) -> { element, draw(view) }
 * view: { matrix: { rows, cols, data }, scale (|value| at full colour), rows: [picked row indices],
 *         cols: [picked column indices], rowCounts / colCounts (optional Map index -> times drawn),
 *         note (text under the map), label (what the matrix is, for the text alternative),
 *         maxCell (optional: overrides the largest cell size for this drawing) }
 */
export function createHeatmap({ title, maxCell = 40, minWidth = 160, language = englishOnly } = {}) {
  let last = null;
  const heading = el('p', { class: 'heatmap-title' }, title);
  const canvas = el('canvas', { role: 'img', translate: 'no', class: 'notranslate' });
  const note = el('p', { class: 'heatmap-note', translate: 'no' });
  const element = el('div', { class: 'heatmap' }, heading, canvas, note);
  let image = null; // the matrix at one pixel per entry (canvas-heatmap.js), its canvas reused
  const redraw = () => last && draw(last);
  const watch = watchFrame(element, redraw);
  language.onChange(redraw);

  function draw(view) {
    last = view;
    const width = Math.max(watch.width || element.clientWidth || 480, minWidth);
    const layout = heatmapLayout(view, width, view.maxCell ?? maxCell);
    heading.textContent = view.title ?? title;
    note.textContent = view.note ?? '';
    image = matrixImage(view.matrix, layout.scale, image);
    paint(canvas, view, layout, image, themeColors(element));
    canvas.setAttribute('aria-label', `${language.t('heatmap.label', { what: view.label ?? title })}. ${describe(view, layout, language)}`);
  }

  return { element, draw };
}

/**
 * Where everything goes, in CSS pixels: the canvas size, the cell size that fits the width, the
 * matrix's top-left corner (centred, with the margins for labels and markers), the picked rows and
 * columns (each once) and their crossings, and whether the entries are printed.
 */
export function heatmapLayout(view, width, maxCell) {
  const { rows, cols } = view.matrix;
  const scale = view.scale > 0 && Number.isFinite(view.scale) ? view.scale : 1;
  const cell = Math.max(4, Math.min(maxCell, (width - MARGIN.left - 8) / cols));
  const side = Math.max(4, (width - MARGIN.left - cell * cols) / 2);
  const rowSet = [...new Set(view.rows ?? [])];
  const colSet = [...new Set(view.cols ?? [])];
  return {
    rows,
    cols,
    scale,
    cell,
    left: MARGIN.left + side,
    top: MARGIN.top,
    width,
    height: MARGIN.top + MARGIN.bottom + cell * rows,
    rowSet,
    colSet,
    crossings: rowSet.flatMap((i) => colSet.map((j) => ({ i, j }))),
    small: rows * cols <= 64 && cell >= 30,
  };
}

// Index labels at every cell, or every 5th or 10th when the cells are small.
const labelEvery = (cell) => (cell >= 15 ? 1 : cell >= 6 ? 5 : 10);

function paint(canvas, view, layout, image, theme) {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.round(layout.width);
  const h = Math.round(layout.height);
  // Resizing a canvas reallocates and clears it: only when its size changes.
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
  }
  const context = canvas.getContext('2d');
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, w, h);
  paintCells(context, image, layout, theme);
  paintPicks(context, layout, theme);
  if (layout.small) paintValues(context, view.matrix, layout);
  paintLabels(context, view, layout, theme);
}

// The cells: the one-pixel-per-entry image scaled up unsmoothed, with hairline gaps between the
// cells when they are large enough to show them.
function paintCells(context, image, { rows, cols, cell, left, top }, theme) {
  context.imageSmoothingEnabled = false;
  context.drawImage(image, left, top, cols * cell, rows * cell);
  if (cell <= 14) return;
  context.strokeStyle = theme.panel;
  context.lineWidth = 1;
  context.beginPath();
  for (let j = 1; j < cols; j++) {
    context.moveTo(left + j * cell, top);
    context.lineTo(left + j * cell, top + rows * cell);
  }
  for (let i = 1; i < rows; i++) {
    context.moveTo(left, top + i * cell);
    context.lineTo(left + cols * cell, top + i * cell);
  }
  context.stroke();
}

// The picked columns and rows as tinted stripes with a border, and their crossings boxed.
function paintPicks(context, { rows, cols, cell, left, top, rowSet, colSet, crossings }, theme) {
  context.lineWidth = 2;
  const stripe = (x, y, width, height) => {
    context.globalAlpha = 0.12;
    context.fillStyle = theme.pick;
    context.fillRect(x, y, width, height);
    context.globalAlpha = 1;
    context.strokeStyle = theme.pick;
    context.strokeRect(x, y, width, height);
  };
  for (const j of colSet) stripe(left + j * cell, top, cell, rows * cell);
  for (const i of rowSet) stripe(left, top + i * cell, cols * cell, cell);
  context.strokeStyle = theme.text;
  for (const { i, j } of crossings) context.strokeRect(left + j * cell, top + i * cell, cell, cell);
}

// Each entry printed in its cell, white on the darkest colours.
function paintValues(context, { cols, data }, { rows, cell, left, top, scale }) {
  const printed = (v) => (Math.abs(v) < 0.005 ? '0' : formatNumber(v, Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2));
  context.font = `11px ${FONT}`;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j];
      context.fillStyle = Math.abs(v) > 0.55 * scale ? 'white' : '#1d2430';
      context.fillText(printed(v), left + (j + 0.5) * cell, top + (i + 0.5) * cell);
    }
  }
}

// Index labels above the columns and left of the rows; pick markers beyond them, with a count
// when an index was drawn more than once.
function paintLabels(context, view, { rows, cols, cell, left, top, rowSet, colSet }, theme) {
  const every = labelEvery(cell);
  context.fillStyle = theme.text;
  context.font = `10px ${FONT}`;
  context.textAlign = 'center';
  context.textBaseline = 'alphabetic';
  for (let j = 0; j < cols; j += every) context.fillText(String(j), left + (j + 0.5) * cell, top - 4);
  context.textAlign = 'end';
  context.textBaseline = 'middle';
  for (let i = 0; i < rows; i += every) context.fillText(String(i), left - 4, top + (i + 0.5) * cell);
  // The markers are filled triangles, one path for all: as ▼ and ▶ text (glyphs outside the label
  // font), they took about 6 ms of each update of <mathlet-cr> with all 32 terms picked.
  context.fillStyle = theme.pick;
  context.beginPath();
  for (const j of colSet) indexTriangle(context, left + (j + 0.5) * cell, top - 24, 'down', PICK_SIZE);
  for (const i of rowSet) indexTriangle(context, left - 24, top + (i + 0.5) * cell, 'right', PICK_SIZE);
  context.fill();
  // A count left of its marker where an index was drawn more than once.
  context.font = `700 11px ${FONT}`;
  context.textAlign = 'end';
  context.textBaseline = 'alphabetic';
  for (const j of colSet) {
    if (view.colCounts?.get(j) > 1) context.fillText(`×${view.colCounts.get(j)}`, left + (j + 0.5) * cell - 6, top - 24);
  }
  context.textBaseline = 'middle';
  for (const i of rowSet) {
    if (view.rowCounts?.get(i) > 1) context.fillText(`×${view.rowCounts.get(i)}`, left - 24 - 9, top + (i + 0.5) * cell);
  }
}

function describe(view, { rowSet, colSet }, language) {
  const { rows, cols } = view.matrix;
  const values = Array.from(view.matrix.data);
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
