// Edits a short vector two ways: drag its bars (pointer or touch; parts/vector-bars.js), or type into
// one field per component (parts/vector-fields.js). In simplex mode the vector is a probability
// vector: changing one weight rescales the others so the sum stays 1.
import { createFrameBatcher } from '../framework/frame-batcher.js';
import { createDragHandles, dragHandleStyles } from './drag-handles.js';
import { revalidateOnLanguageChange, subscript } from './number-text.js';
import { createPlotFrame } from './plot-frame.js';
import { attachBarDrag, barsDescription, barsDomain, barsPlot, clamp } from './vector-bars.js';
import { createVectorFields } from './vector-fields.js';
import { englishOnly } from './widget-language.js';

export const vectorEditorStyles = `${dragHandleStyles}
.vector-editor .bars { cursor: ns-resize; user-select: none; -webkit-user-select: none; }
.vector-editor .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(4.6rem, 1fr)); gap: 0.4rem 0.5rem; margin-top: 0.35rem; }
.vector-editor .field { display: flex; flex-direction: column; gap: 0.1rem; min-width: 0; }
.vector-editor .field label { font-size: 0.8rem; color: var(--mlt-muted); font-style: italic; }
.vector-editor .field input { width: 100%; box-sizing: border-box; }
`;

/**
 * createVectorEditor({ id, name, values, simplex, onChange, language }) -> { element, values, setValues, setGhost, setRule, redraw }
 *   name      the vector's symbol ("x", "p"), used for labels and messages
 *   language  the widget's language (parts/widget-language.js) for messages and the chart's label
 *   simplex   keep entries in [0, 1] summing to 1
 *   onChange(values, { index, settled })   a new candidate vector (a fresh array)
 *   ghost     optional second vector drawn as dashed ticks over the bars (e.g. softmax)
 *   setRule({ value, label })  optional horizontal line across the bars (e.g. a threshold); null removes it
 */
export function createVectorEditor({ id, name, values, simplex = false, height = 190, ghostName = '', onChange, language = englishOnly }) {
  let current = [...values];
  let ghost = null;
  let rule = null; // { value, label } drawn as a horizontal line when inside the axis range
  let active = -1; // the component whose field has focus
  const label = (i) => `${name}${subscript(i + 1)}`;

  const element = document.createElement('div');
  element.className = `vector-editor ${simplex ? 'simplex' : ''}`;
  const frame = createPlotFrame({ redraw: () => draw() });
  frame.element.classList.add('bars');
  const handles = createDragHandles(frame.element); // a finger drags a bar by its top
  const fields = createVectorFields({
    id,
    label,
    simplex,
    digits: simplex ? 4 : 12, // significant digits put back into a field
    language,
    valueAt: (i) => current[i],
    onValue: (i, v, { typed }) => change(i, v, { settled: true, keepField: typed ? i : -1 }),
    onFocus: (i) => setActive(i),
  });
  const drag = attachBarDrag(frame.element, {
    labels: () => current.map((_, i) => label(i)),
    domain,
    simplex,
    onDrag: (i, v) => change(i, v, { settled: false }),
    onRelease: (index) => {
      requestDraw();
      onChange([...current], { index, settled: true });
    },
  });
  element.append(frame.element, fields.element);

  function change(i, v, { settled, keepField = -1 }) {
    current = simplex ? reweighted(current, i, v) : current.map((p, j) => (j === i ? v : p));
    fields.sync(keepField);
    requestDraw();
    onChange([...current], { index: i, settled });
  }

  function domain() {
    return drag.heldDomain() ?? barsDomain(current, simplex);
  }

  const batcher = createFrameBatcher(() => draw());
  const requestDraw = () => batcher.request();

  function draw() {
    const data = current.map((value, i) => ({ label: label(i), value, i }));
    const ghosts = ghost?.length === current.length ? ghost.map((value, i) => ({ label: label(i), value })) : [];
    const [lo, hi] = domain();
    const rules = rule && rule.value >= lo && rule.value <= hi ? [rule] : [];
    const view = { data, ghosts, rules, domain: [lo, hi], height, simplex, highlighted: [active, drag.held()] };
    const svg = frame.show((theme) => barsPlot(view, theme), {
      label: language.t(simplex ? 'vector.chartWeights' : 'vector.chart', { name }),
      description: barsDescription({ data, ghosts, rule, ghostName }),
    });
    placeHandles(svg);
  }

  // One handle on the top (or, below zero, the bottom) of each bar.
  function placeHandles(svg) {
    if (!svg.scale) return;
    const x = svg.scale('x');
    const y = svg.scale('y');
    const points = current.map((value, i) => ({ x: x.apply(label(i)) + x.bandwidth / 2, y: y.apply(clamp(value, ...y.domain)) }));
    handles.place(svg, points);
  }

  function setActive(i) {
    if (active === i) return;
    active = i;
    requestDraw();
  }

  fields.build(current.length);
  draw();
  language.onChange(requestDraw);
  revalidateOnLanguageChange(language, fields.element);
  return {
    element,
    get values() {
      return [...current];
    },
    /** Replaces the vector (rebuilds the fields if the length changed). */
    setValues(next) {
      const rebuild = next.length !== current.length;
      current = [...next];
      if (rebuild) fields.build(current.length);
      else fields.sync(fields.focusedIndex());
      requestDraw();
    },
    setGhost(values) {
      ghost = values ? [...values] : null;
      requestDraw();
    },
    setRule(next) {
      rule = next && Number.isFinite(next.value) ? { ...next } : null;
      requestDraw();
    },
    redraw: draw,
  };
}

// A probability vector with weight i set to v and the others rescaled to keep the sum at 1 (shared
// evenly when the others were all 0).
function reweighted(weights, i, v) {
  const rest = weights.reduce((s, p, j) => (j === i ? s : s + p), 0);
  return weights.map((p, j) => (j === i ? v : rest > 0 ? (p * (1 - v)) / rest : (1 - v) / (weights.length - 1)));
}
