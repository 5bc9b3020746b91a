// The "Su's route, step by step" panel of <mathlet-nystromformer> (widget N1, R3–R5): S beside the
// four approximations of nystromformer-su.js, on the widget's inputs or on T-N1, each map noting its
// error against S, its row sums and its negative entries (red); the rows an approximation gets exactly
// right are marked on its edge. For m ≤ 4 the middle matrix M of FMB is a grid of fields (identity at
// first; "M = A⁺" makes FMB the last map), each also dragged up or down by its grip or stepped by the
// arrow keys (nystromformer-su-drag.js); "m = n" takes every token as a landmark. Loaded when the
// reader opens the panel (parts/lazy-disclosure.js); drawn on the widget's render path.
import { createCanvasHeatmap } from '../parts/canvas-heatmap.js';
import { el, sym } from '../parts/create-element.js';
import { createIntegerField } from '../parts/integer-field.js';
import { formatNumber, subscript } from '../parts/number-text.js';
import { colourScale } from './nystromformer-maps.js';
import { scaleOf } from './nystromformer-state.js';
import { createEntryDrag, entryStep } from './nystromformer-su-drag.js';
import { identity, MAX_EDITABLE_M, MAX_FULL_N, suRoute, T_N1 } from './nystromformer-su.js';

const STEPS = ['dual', 'FB', 'FMB', 'FAB'];
const MIDDLE_LIMIT = 1e3;

// The data the panel works on: the widget's inputs at its m (or m = n), or T-N1.
function inputOf(derived, { source, full }) {
  if (source === 'tn1') return full ? { ...T_N1, m: T_N1.Q.rows } : T_N1;
  const { state, inputs } = derived;
  const n = inputs.Q.rows;
  const m = full ? n : state.m;
  return { ...inputs, m, scale: scaleOf(state), landmarks: full ? 'segment' : state.landmarks, seed: state.seed };
}

// The m × m grid of fields for M (m ≤ 4), each naming itself in its messages (M₁₂), each with a
// grip to drag it; a drag's step follows the size of M's entries when it starts.
function createMiddleEditor(language, onEdit) {
  const grid = el('div', { class: 'middle-grid' });
  let fields = [];
  let step = 0.01;
  return {
    element: grid,
    show(M) {
      step = entryStep(M);
      if (fields.length !== M.rows * M.cols) {
        fields = Array.from({ length: M.rows * M.cols }, (_, p) => {
          const [r, c] = [Math.floor(p / M.cols), p % M.cols];
          const name = `M${subscript(r + 1)}${subscript(c + 1)}`;
          const field = createIntegerField({
            id: `su-middle-${r}-${c}`,
            name,
            ariaLabel: name,
            min: -MIDDLE_LIMIT,
            max: MIDDLE_LIMIT,
            value: M.data[p],
            whole: false,
            language,
            onChange: (x) => onEdit(p, x),
          });
          const grip = createEntryDrag(field, { step: () => step, limit: MIDDLE_LIMIT, onValue: (x) => onEdit(p, x) });
          return { field, element: el('span', { class: 'middle-cell' }, grip, field.element) };
        });
        grid.style.gridTemplateColumns = `repeat(${M.cols}, minmax(4.8rem, 6.2rem))`;
        grid.replaceChildren(...fields.map((f) => f.element));
      }
      fields.forEach(({ field }, p) => field.setValue(Number(M.data[p].toPrecision(6))));
    },
  };
}

/** createSuPanel(widget) -> { element, draw(), shown } */
export function createSuPanel(widget) {
  const { language, resources } = widget;
  const { t } = language;
  const choice = { source: 'widget', full: false, middle: null, key: null };
  const redraw = () => widget.render('su');
  const choose = (change) => {
    Object.assign(choice, change);
    redraw();
  };
  const source = el(
    'select',
    { id: 'su-source', onchange: (e) => choose({ source: e.target.value }) },
    ...['widget', 'tn1'].map((id) => el('option', { value: id }, language.text(`su.source.${id}`))),
  );
  const fullBox = el('input', { type: 'checkbox', id: 'su-full', onchange: (e) => choose({ full: e.target.checked }) });
  const fullNote = el('span', { class: 'hint' });
  const editor = createMiddleEditor(language, (p, x) => {
    choice.middle.data[p] = x;
    redraw();
  });
  const setMiddle = (M) => {
    choice.middle = { rows: M.rows, cols: M.cols, data: Float64Array.from(M.data) };
    redraw();
  };
  let shown = null;
  const toIdentity = el('button', { type: 'button', onclick: () => setMiddle(identity(shown.m)) }, language.text('su.identity'));
  const toInverse = el('button', { type: 'button', onclick: () => setMiddle(shown.Z) }, language.text('su.inverse'));
  const middleRow = el('div', { class: 'middle-row' }, language.rich('su.middle', { M: sym('M') }), editor.element, toIdentity, toInverse);
  const middleNote = el('p', { class: 'hint' });
  const gains = sym('');
  const maps = Object.fromEntries(['S', ...STEPS].map((id) => [id, createCanvasHeatmap({ title: '', maxSide: 220, language })]));
  const element = el(
    'div',
    { class: 'su' },
    el('p', { class: 'hint' }, language.text('su.hint')),
    el(
      'div',
      { class: 'su-controls' },
      el('label', { for: 'su-source' }, language.text('su.source')),
      source,
      el('label', { class: 'check', for: 'su-full' }, fullBox, language.text('su.full')),
      fullNote,
    ),
    middleRow,
    middleNote,
    el('p', { class: 'chips' }, el('span', { class: 'chip' }, gains)),
    el('div', { class: 'su-maps' }, ...Object.values(maps).map((map) => map.element)),
  );

  function draw() {
    const { derived } = widget;
    const n = derived.inputs.Q.rows;
    const tooLarge = choice.source === 'widget' && n > MAX_FULL_N;
    if (tooLarge) choice.full = false;
    fullBox.checked = choice.full;
    fullBox.disabled = tooLarge;
    fullNote.textContent = tooLarge ? t('su.full.tooLarge', { max: MAX_FULL_N }) : '';
    const input = inputOf(derived, choice);
    const key = `${choice.source}|${choice.full}|${input.m}`;
    if (choice.key !== key) [choice.key, choice.middle] = [key, identity(input.m)];
    const route = suRoute(resources.core, input, choice.middle);
    shown = route;
    const editable = input.m <= MAX_EDITABLE_M;
    middleRow.hidden = !editable;
    middleNote.textContent = editable ? '' : t('su.middle.fixed', { max: MAX_EDITABLE_M, m: input.m });
    if (editable) editor.show(choice.middle);
    gains.textContent = t('su.gain', { gainM: formatNumber(route.gainM, 3), gainA: formatNumber(route.gainA, 3), m: input.m });
    drawMaps(t, maps, route);
    Object.assign(widget.host.dataset, {
      suError: STEPS.map((id) => route.steps[id].relative).join(' '),
      suExactRows: route.steps.FAB.exactRows.join(' '),
      suM: String(input.m),
    });
  }

  return {
    element,
    draw,
    get shown() {
      return shown;
    },
  };
}

function drawMaps(t, maps, route) {
  const scale = colourScale(route.S.data);
  maps.S.draw({ title: t('su.map.S'), matrix: route.S, scale, label: t('su.map.S'), note: t('su.note.S', { n: route.S.rows }) });
  for (const id of STEPS) {
    const step = route.steps[id];
    const marks = step.exactRows.length && step.exactRows.length < route.S.rows ? { indices: step.exactRows } : undefined;
    const numbers = {
      error: formatNumber(step.relative, 4),
      low: formatNumber(step.lowSum, 3),
      high: formatNumber(step.highSum, 3),
      negatives: step.negatives,
      exact: step.exactRows.length,
    };
    maps[id].draw({
      title: t(`su.map.${id}`),
      matrix: step.matrix,
      scale,
      rowMarks: marks,
      label: t('su.label', { what: t(`su.map.${id}`), ...numbers }),
      note: t('su.note', numbers),
    });
  }
}
