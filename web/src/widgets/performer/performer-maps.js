// The three attention maps of <mathlet-performer>: softmax weights S, the Performer estimate P̂ and
// P̂ − S, each n × n on a canvas (one pixel per entry, scaled up without smoothing: 512² entries are
// one drawImage), in the diverging colours of parts/canvas-heatmap.js: blue positive, red negative,
// so the negative weights of trig features show as red cells. S and P̂ share a colour scale; the
// difference has its own. Beside the difference, a bar per row: its total variation ½‖P̂ᵢ − Sᵢ‖₁.
// The studied pair (query row, key) is marked on every map, and a click on a map picks a new pair.
// Each canvas is an image with a text alternative (size, range, negative entries, the pair).
import { onWidgetTeardown } from '../framework/mount-scope.js';
import { matrixPixels } from '../parts/canvas-heatmap.js';
import { el } from '../parts/create-element.js';
import { formatNumber } from '../parts/number-text.js';
import { themeColors } from '../parts/plot-frame.js';

const BAR_WIDTH = 46; // CSS px of the TV bars beside the difference map

/** The cell (i, j) under a pointer event on a canvas showing an n × n matrix (null outside it). */
export function cellAt(event, canvas, n) {
  const box = canvas.getBoundingClientRect();
  const j = Math.floor(((event.clientX - box.left) / box.width) * n);
  const i = Math.floor(((event.clientY - box.top) / box.height) * n);
  return i >= 0 && j >= 0 && i < n && j < n ? { i, j } : null;
}

// A canvas sized to cssWidth × cssHeight CSS px (and the device's pixels), with its 2-D context,
// cleared. The size is set only when it changes: setting it reallocates the canvas's backing store.
function sized(canvas, cssWidth, cssHeight) {
  const ratio = window.devicePixelRatio || 1;
  const [width, height] = [Math.round(cssWidth * ratio), Math.round(cssHeight * ratio)];
  const context = canvas.getContext('2d');
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
    canvas.style.width = `${cssWidth}px`;
    canvas.style.height = `${cssHeight}px`;
  }
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, cssWidth, cssHeight);
  return context;
}

// The matrix scaled up to the canvas's device pixels here (nearest entry), then put in one call:
// a drawImage of a one-pixel-per-entry canvas scaled by the browser cost 3 to 5 ms a map on the
// test machine's software GPU, this about 1 ms. `buffers` keeps the entries' pixels, the image and
// the column of each pixel for the next matrix of the same sizes: fresh memory costs about 3 ms a
// megabyte of page faults here, and a 512² map's pixels are one.
function paintMatrix(canvas, matrix, scale, buffers) {
  buffers.entries = matrixPixels(matrix, scale, buffers.entries);
  const { width, height } = canvas;
  if (buffers.image?.width !== width || buffers.image?.height !== height) buffers.image = new ImageData(width, height);
  if (buffers.column?.length !== width || buffers.cols !== matrix.cols) {
    buffers.column = Int32Array.from({ length: width }, (_, x) => Math.min(matrix.cols - 1, Math.floor((x * matrix.cols) / width)));
    buffers.cols = matrix.cols;
  }
  const { entries, image, column } = buffers;
  const out = new Uint32Array(image.data.buffer);
  const colours = new Uint32Array(entries.buffer);
  for (let y = 0; y < height; y++) {
    const row = Math.min(matrix.rows - 1, Math.floor((y * matrix.rows) / height)) * matrix.cols;
    for (let x = 0; x < width; x++) out[y * width + x] = colours[row + column[x]];
  }
  canvas.getContext('2d').putImageData(image, 0, 0);
}

// The pair: a box around its cell (at least 7 px, so it shows at n = 512) and ticks on the edges.
function paintPair(context, { row, key }, n, side, color) {
  const cell = side / n;
  const box = Math.max(cell, 7);
  context.strokeStyle = color;
  context.lineWidth = 2;
  context.strokeRect((key + 0.5) * cell - box / 2, (row + 0.5) * cell - box / 2, box, box);
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(0, (row + 0.5) * cell);
  context.lineTo(4, (row + 0.5) * cell);
  context.moveTo((key + 0.5) * cell, 0);
  context.lineTo((key + 0.5) * cell, 4);
  context.stroke();
}

/** The total variation of each row as a horizontal bar, 0 to 1 across (longer bars clamp at 1). */
function paintBars(context, tv, side, theme) {
  const n = tv.length;
  const h = side / n;
  context.fillStyle = theme.error;
  for (let i = 0; i < n; i++) context.fillRect(0, i * h, Math.min(1, tv[i]) * (BAR_WIDTH - 2), Math.max(h - (h > 3 ? 0.5 : 0), 0.5));
  context.strokeStyle = theme.grid;
  context.strokeRect(0.5, 0.5, BAR_WIDTH - 1, side - 1);
}

/**
 * createAttentionMap({ title, bars, onPick }) -> { element, draw(view) }
 * view: { matrix (n x n), scale, pair: { row, key }, label (text alternative), note, tv (with `bars`) }
 */
export function createAttentionMap({ title, bars = false, onPick }) {
  let last = null;
  let width = 0;
  const heading = el('p', { class: 'map-title' }, title);
  const canvas = el('canvas', { role: 'img', class: 'map notranslate', translate: 'no' });
  const barCanvas = bars ? el('canvas', { class: 'tv-bars', 'aria-hidden': 'true' }) : null;
  const note = el('p', { class: 'map-note notranslate', translate: 'no' });
  const element = el('figure', { class: 'attention-map' }, heading, el('div', { class: 'map-row' }, canvas, barCanvas), note);
  const resize = new ResizeObserver((entries) => {
    const w = Math.floor(entries[0].contentRect.width);
    if (w > 0 && w !== width) {
      width = w;
      if (last) draw(last);
    }
  });
  resize.observe(element);
  // The widget's colours (pair marker, bars, frame), read once and again when the reader's light or
  // dark preference changes: reading them forces a style recalculation, a few ms a map per update.
  let theme = null;
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)');
  const redraw = () => {
    theme = null;
    if (last) draw(last);
  };
  dark?.addEventListener('change', redraw);
  onWidgetTeardown(() => {
    resize.disconnect();
    dark?.removeEventListener('change', redraw);
  });
  canvas.addEventListener('click', (event) => {
    const cell = last && cellAt(event, canvas, last.matrix.rows);
    if (cell) onPick(cell.i, cell.j);
  });
  canvas.addEventListener('pointermove', (event) => {
    const cell = last && cellAt(event, canvas, last.matrix.rows);
    if (cell) note.textContent = `[${cell.i}, ${cell.j}] = ${formatNumber(last.matrix.data[cell.i * last.matrix.cols + cell.j], 4)}`;
  });
  canvas.addEventListener('pointerleave', () => {
    if (last) note.textContent = last.note;
  });

  // What the canvases show, so that a redraw of the same picture (another part of the widget
  // changed) only sets the texts.
  const buffers = {};
  let painted = null;
  function draw(view) {
    last = view;
    heading.textContent = view.title ?? title;
    note.textContent = view.note;
    canvas.setAttribute('aria-label', view.label);
    const room = (width || element.clientWidth || 260) - (bars ? BAR_WIDTH + 6 : 0);
    const side = Math.max(96, Math.min(320, room));
    theme ??= themeColors(element);
    const picture = {
      matrix: view.matrix,
      scale: view.scale,
      row: view.pair.row,
      key: view.pair.key,
      tv: view.tv,
      side,
      theme,
      ratio: window.devicePixelRatio,
    };
    if (painted && Object.keys(picture).every((k) => picture[k] === painted[k])) return;
    painted = picture;
    const context = sized(canvas, side, side);
    paintMatrix(canvas, view.matrix, view.scale, buffers);
    paintPair(context, view.pair, view.matrix.rows, side, theme.pick);
    if (bars) paintBars(sized(barCanvas, BAR_WIDTH, side), view.tv, side, theme);
  }

  return { element, draw };
}
