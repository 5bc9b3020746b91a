// The three heatmaps of <mathlet-nystromformer> (canvas, parts/canvas-heatmap.js): S, S-hat and
// S-hat − S, with the landmarks marked on both axes: the segments of segment means as alternating
// bands, the tokens of random or leverage landmarks as triangles (rows: the query landmarks, columns:
// the key landmarks); k-means centres are no tokens and get no marks. R6–R7 are visible here:
// with token landmarks the rows of S-hat − S at the query landmarks are blank (exact).
import { createCanvasHeatmap, matrixDifference } from '../parts/canvas-heatmap.js';
import { themeColors } from '../parts/plot-frame.js';
import { formatNumber } from '../parts/number-text.js';
import { segmentBounds } from './nystromformer-compute.js';

/** A colour scale that a few large entries do not wash out: 1.25 × the 95th percentile of |entries| (sampled), at most the largest. */
export function colourScale(data) {
  const step = Math.max(1, Math.floor(data.length / 4096));
  const sample = new Float64Array(Math.ceil(data.length / step));
  let largest = 0;
  for (let p = 0; p < data.length; p++) {
    const a = Math.abs(data[p]);
    if (a > largest && Number.isFinite(a)) largest = a;
    if (p % step === 0) sample[p / step] = a;
  }
  sample.sort(); // a typed array sorts numerically (NaN last)
  const typical = sample[Math.floor(0.95 * (sample.length - 1))] ?? 0;
  return Math.min(largest, 1.25 * typical) || largest || 1;
}

/** The marks of the landmarks of `nys` for state `s`: { rows, cols } for the heatmaps, or null (k-means). */
export function landmarkMarks(s, nys) {
  if (s.landmarks === 'segment') {
    const segments = segmentBounds(s.n, s.m);
    return { rows: { segments }, cols: { segments } };
  }
  if (nys.rows.length === 0) return null;
  return { rows: { indices: Array.from(nys.rows) }, cols: { indices: Array.from(nys.cols) } };
}

/** createMaps(language) -> { elements, draw(derived) -> { marked } } */
export function createMaps(language) {
  let kept = { S: null, scale: 1 }; // S changes less often than S-hat: its scale is kept with it
  const scaleOfS = (S) => {
    if (kept.S !== S) kept = { S, scale: colourScale(S.data) };
    return kept.scale;
  };
  // S-hat − S and its scale, kept while both stay (a redraw for the floor or a language switch); a new
  // one is written over the last one's entries, in a new matrix object (the heatmap redraws per object).
  let diff = { Shat: null, S: null, matrix: null, scale: 1 };
  const diffOf = (Shat, S) => {
    if (diff.Shat !== Shat || diff.S !== S) {
      const matrix = matrixDifference(Shat, S, diff.matrix?.data);
      diff = { Shat, S, matrix, scale: colourScale(matrix.data) };
    }
    return diff;
  };
  const { t } = language;
  const map = (key) => createCanvasHeatmap({ title: t(`map.${key}.title`), maxSide: 300, language });
  const maps = { S: map('S'), Shat: map('Shat'), diff: map('diff') };
  return {
    elements: [maps.S.element, maps.Shat.element, maps.diff.element],
    draw({ state, S, nys }) {
      const marks = landmarkMarks(state, nys);
      const { matrix: diffMatrix, scale: diffScale } = diffOf(nys.Shat, S);
      const scale = scaleOfS(S);
      const note = (value) => t('map.note', { value: formatNumber(value, 3) });
      const theme = themeColors(maps.S.element); // read once for the three maps
      const view = (key, matrix, value) => ({
        theme,
        matrix,
        scale: value,
        title: t(`map.${key}.title`),
        label: t(`map.${key}.label`),
        note: note(value),
        rowMarks: marks?.rows,
        colMarks: marks?.cols,
      });
      maps.S.draw(view('S', S, scale));
      maps.Shat.draw(view('Shat', nys.Shat, scale));
      maps.diff.draw(view('diff', diffMatrix, diffScale));
      return { marked: marks !== null };
    },
  };
}
