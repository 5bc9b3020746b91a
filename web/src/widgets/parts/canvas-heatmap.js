// A heatmap of a large matrix (hundreds of rows) on a <canvas>: one pixel per entry in an offscreen
// image, scaled up without smoothing, so a 512 × 512 matrix costs one drawImage instead of the
// quarter million SVG rects parts/heatmap.js would make. Diverging colours centred on 0 (red
// negative, blue positive, as parts/heatmap.js), with marks in the margins: index triangles for
// chosen rows and columns, or alternating bands for segments (ranges of indices). The canvas is an
// image with a text alternative (size, range, marks); pointing at it reads out the entry below.
import { onWidgetTeardown } from '../framework/mount-scope.js';
import { el } from './create-element.js';
import { formatNumber } from './number-text.js';
import { themeColors } from './plot-frame.js';
import { englishOnly } from './widget-language.js';

export const canvasHeatmapStyles = `
.canvas-heatmap { min-width: 0; }
.canvas-heatmap .heatmap-title { margin: 0 0 0.15rem; font-size: 0.86rem; font-weight: 600; }
.canvas-heatmap canvas { display: block; max-width: 100%; touch-action: pan-y; }
.canvas-heatmap .heatmap-note { margin: 0.1rem 0 0; font-size: 0.76rem; color: var(--mlt-muted); min-height: 1.1em; }
`;

// ColorBrewer RdBu (11 classes), red for negative through white to blue for positive.
const RDBU = ['#67001f', '#b2182b', '#d6604d', '#f4a582', '#fddbc7', '#f7f7f7', '#d1e5f0', '#92c5de', '#4393c3', '#2166ac', '#053061'];
const LEVELS = 256;
const HALF_RANGE = (LEVELS - 1) / 2;

// The scheme as a lookup table of LEVELS RGB triples, built once.
const lookup = (() => {
  const rgb = RDBU.map((hex) => [1, 3, 5].map((k) => Number.parseInt(hex.slice(k, k + 2), 16)));
  const table = new Uint8ClampedArray(LEVELS * 3);
  for (let level = 0; level < LEVELS; level++) {
    const x = (level / (LEVELS - 1)) * (rgb.length - 1);
    const k = Math.min(Math.floor(x), rgb.length - 2);
    const f = x - k;
    for (let c = 0; c < 3; c++) table[level * 3 + c] = rgb[k][c] + f * (rgb[k + 1][c] - rgb[k][c]);
  }
  return table;
})();

// The same table as opaque RGBA pixels, one 32-bit word each, so that a pixel is one store. The
// bytes go in through a byte view of the words, so the word order is the platform's, as ImageData's.
const lookupWords = (() => {
  const words = new Uint32Array(LEVELS);
  const bytes = new Uint8Array(words.buffer);
  for (let level = 0; level < LEVELS; level++) {
    bytes.set([lookup[level * 3], lookup[level * 3 + 1], lookup[level * 3 + 2], 255], level * 4);
  }
  return words;
})();

/** The lookup level of value v on the diverging scale ±scale (clamped; NaN is the middle, white). */
export function colourLevel(v, scale) {
  const clamped = Math.min(1, Math.max(-1, v / scale));
  // (c + 1) * 127.5 is ((c + 1) / 2) * 255 rounded once, as before; + 0.5 and truncation round it
  // half up as Math.round does, on [0, 255].
  return Number.isNaN(clamped) ? (LEVELS - 1) >> 1 : ((clamped + 1) * HALF_RANGE + 0.5) | 0;
}

/**
 * The matrix as RGBA pixels, one per entry (row-major). Non-finite entries are drawn white.
 * A 512 × 512 map is a quarter million of them per update: one word store each, no per-byte writes,
 * into `into` when it has the size (a megabyte of fresh memory costs about 3 ms of page faults here).
 */
export function matrixPixels({ rows, cols, data }, scale, into = null) {
  const pixels = into?.length === rows * cols * 4 ? into : new Uint8ClampedArray(rows * cols * 4);
  const words = new Uint32Array(pixels.buffer);
  const s = scale > 0 && Number.isFinite(scale) ? scale : 1;
  for (let p = 0; p < rows * cols; p++) words[p] = lookupWords[colourLevel(data[p], s)];
  return pixels;
}

/**
 * A − B entrywise ({ rows, cols, data }: a map of an approximation's error), as a new matrix object
 * whose data is `into`'s when it has the length: at n = 512 that is 2 MB, whose first writes into
 * fresh memory cost about 6 ms of page faults here. A plain loop: a typed array's map() with a
 * closure took 7 ms there.
 */
export function matrixDifference(A, B, into = null) {
  const data = into?.length === A.data.length ? into : new Float64Array(A.data.length);
  for (let p = 0; p < data.length; p++) data[p] = A.data[p] - B.data[p];
  return { rows: A.rows, cols: A.cols, data };
}

/** The smallest and largest entry (the text alternative's range). */
function valueRange(data) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let p = 0; p < data.length; p++) {
    const v = data[p];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo, hi };
}

const MARGIN = 16; // room for the marks (and the index labels) left of and above the matrix

/**
 * createCanvasHeatmap({ title, maxSide, language, onPick }) -> { element, draw(view) }
 * onPick(i, j) (optional): called with the entry a click lands on (the canvas then shows a pointer).
 * view: { matrix: { rows, cols, data }, scale (|value| at full colour), title, label (what the
 *         matrix is, for the text alternative), note (text under the map),
 *         rowMarks / colMarks: { indices: number[] } | { segments: [start, end)[] } (optional),
 *         theme (optional: the widget's colours, themeColors(), when several maps are drawn at once) }
 * The pixels of a matrix are computed again only when another matrix object (or scale) is drawn.
 */
export function createCanvasHeatmap({ title, maxSide = 300, language = englishOnly, onPick = null } = {}) {
  let last = null;
  let width = 0;
  const heading = el('p', { class: 'heatmap-title' }, title);
  const canvas = el('canvas', { role: 'img', translate: 'no', class: 'notranslate' });
  const note = el('p', { class: 'heatmap-note', translate: 'no' });
  const element = el('div', { class: 'canvas-heatmap' }, heading, canvas, note);
  const resize = new ResizeObserver((entries) => {
    const w = Math.floor(entries[0].contentRect.width);
    if (w > 0 && w !== width) {
      width = w;
      if (last) draw(last);
    }
  });
  resize.observe(element);
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)');
  const redraw = () => last && draw(last);
  dark?.addEventListener('change', redraw);
  onWidgetTeardown(() => {
    resize.disconnect();
    dark?.removeEventListener('change', redraw);
  });
  language.onChange(redraw);
  canvas.addEventListener('pointermove', (event) => pointAt(event));
  if (onPick) {
    canvas.style.cursor = 'pointer';
    canvas.addEventListener('click', (event) => {
      const cell = cellOf(event);
      if (cell) onPick(cell.i, cell.j);
    });
  }
  canvas.addEventListener('pointerleave', () => {
    if (last) note.textContent = last.note ?? '';
  });

  // The entry under a pointer event, or null outside the matrix.
  function cellOf(event) {
    if (!last) return null;
    const { rows, cols } = last.matrix;
    const side = sideOf(rows, cols);
    const box = canvas.getBoundingClientRect();
    const j = Math.floor(((event.clientX - box.left - MARGIN) / side.w) * cols);
    const i = Math.floor(((event.clientY - box.top - MARGIN) / side.h) * rows);
    return i < 0 || j < 0 || i >= rows || j >= cols ? null : { i, j };
  }

  // The entry under the pointer, read out in the note line.
  function pointAt(event) {
    const cell = cellOf(event);
    if (cell) note.textContent = `[${cell.i}, ${cell.j}] = ${formatNumber(last.matrix.data[cell.i * last.matrix.cols + cell.j], 4)}`;
  }

  function sideOf(rows, cols) {
    const room = Math.max(80, Math.min(maxSide, (width || element.clientWidth || maxSide) - MARGIN - 2));
    const cell = room / Math.max(rows, cols);
    return { w: cell * cols, h: cell * rows };
  }

  // The matrix at one pixel per entry and its range, kept while it stays (a resize or a language
  // switch draws the same matrix again).
  let image = { matrix: null, scale: null, source: null, range: null };
  function draw(view) {
    last = view;
    const { rows, cols } = view.matrix;
    heading.textContent = view.title ?? title;
    note.textContent = view.note ?? '';
    const side = sideOf(rows, cols);
    const ratio = window.devicePixelRatio || 1;
    const cssW = Math.round(side.w + MARGIN + 1);
    const cssH = Math.round(side.h + MARGIN + 1);
    // Resizing a canvas reallocates and clears it: only when its size changes.
    if (canvas.width !== Math.round(cssW * ratio) || canvas.height !== Math.round(cssH * ratio)) {
      canvas.width = Math.round(cssW * ratio);
      canvas.height = Math.round(cssH * ratio);
      canvas.style.width = `${cssW}px`;
      canvas.style.height = `${cssH}px`;
    }
    const context = canvas.getContext('2d');
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, cssW, cssH);
    if (image.matrix !== view.matrix || image.scale !== view.scale) {
      const range = image.matrix === view.matrix ? image.range : valueRange(view.matrix.data);
      image = { matrix: view.matrix, scale: view.scale, source: matrixImage(view.matrix, view.scale, image.source), range };
    }
    context.imageSmoothingEnabled = false;
    context.drawImage(image.source, MARGIN, MARGIN, side.w, side.h);
    paintMarks(context, view, side, view.theme ?? themeColors(element));
    canvas.setAttribute('aria-label', describe(view, image.range, language));
  }

  return { element, draw };
}

// Each image's pixels, written over by the next matrix of its size (putImageData copies them).
const pixelsOf = new WeakMap();

/**
 * The matrix at one pixel per entry, on an offscreen canvas (`reuse` is reused, with its pixel
 * buffer, when the size is the same; Safari before 16.4 has no OffscreenCanvas: a detached <canvas> then).
 */
export function matrixImage(matrix, scale, reuse) {
  const { rows, cols } = matrix;
  const fits = reuse && reuse.width === cols && reuse.height === rows;
  const source = fits
    ? reuse
    : typeof OffscreenCanvas === 'function'
      ? new OffscreenCanvas(cols, rows)
      : el('canvas', { width: cols, height: rows });
  const pixels = matrixPixels(matrix, scale, pixelsOf.get(source));
  pixelsOf.set(source, pixels);
  source.getContext('2d').putImageData(new ImageData(pixels, cols, rows), 0, 0);
  return source;
}

// Marks along the left edge (rows) and the top edge (columns), and the first and last index.
function paintMarks(context, view, side, theme) {
  const { rows, cols } = view.matrix;
  const along = (marks, n, length, place) => {
    if (!marks) return;
    const unit = length / n;
    if (marks.segments) {
      marks.segments.forEach(([start, end], k) => {
        context.fillStyle = k % 2 ? theme.muted : theme.pick;
        place(start * unit, (end - start) * unit, 'band');
      });
    } else {
      context.fillStyle = theme.pick;
      for (const i of marks.indices ?? []) place(i * unit, unit, 'tick');
    }
  };
  along(view.colMarks, cols, side.w, (x, w, kind) => mark(context, MARGIN + x, w, kind, 'top'));
  along(view.rowMarks, rows, side.h, (y, h, kind) => mark(context, MARGIN + y, h, kind, 'left'));
  context.strokeStyle = theme.grid;
  context.lineWidth = 1;
  context.strokeRect(MARGIN - 0.5, MARGIN - 0.5, side.w + 1, side.h + 1);
}

// A band (a segment: a strip along the edge) or a tick (an index: a triangle pointing at it).
function mark(context, start, length, kind, edge) {
  if (kind === 'band') {
    if (edge === 'top') context.fillRect(start, MARGIN - 6, Math.max(length - 0.5, 1), 5);
    else context.fillRect(MARGIN - 6, start, 5, Math.max(length - 0.5, 1));
    return;
  }
  const centre = start + length / 2;
  context.beginPath();
  if (edge === 'top') indexTriangle(context, centre, MARGIN - 1, 'down', 8);
  else indexTriangle(context, MARGIN - 1, centre, 'right', 8);
  context.fill();
}

/**
 * A marker pointing at an index, as a subpath of the current path (fill it, with others, at once):
 * a triangle `size` px across and deep, pointing down with its tip at (x, y) (a column), or right
 * with its tip at (x, y) (a row). Used by both heatmaps (parts/heatmap.js for picked terms).
 */
export function indexTriangle(context, x, y, direction, size) {
  const half = size / 2;
  context.moveTo(x, y);
  if (direction === 'down') {
    context.lineTo(x - half, y - size);
    context.lineTo(x + half, y - size);
  } else {
    context.lineTo(x - size, y - half);
    context.lineTo(x - size, y + half);
  }
  context.closePath();
}

function describe(view, { lo, hi }, language) {
  const { rows, cols } = view.matrix;
  const parts = [language.t('heatmap.size', { rows, cols, lo: formatNumber(lo, 3), hi: formatNumber(hi, 3) })];
  const listed = (marks) => (marks.segments ? marks.segments.map(([a, b]) => `${a}–${b - 1}`) : marks.indices).join(', ');
  if (view.colMarks) parts.push(language.t('heatmap.pickedCols', { list: listed(view.colMarks) }));
  if (view.rowMarks) parts.push(language.t('heatmap.pickedRows', { list: listed(view.rowMarks) }));
  const what = language.t('heatmap.label', { what: view.label ?? view.title ?? '' });
  return `${what}. ${parts.join(language.t('sentence.separator'))}${language.t('sentence.end')}`;
}
