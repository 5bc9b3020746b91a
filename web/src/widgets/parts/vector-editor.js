// Edits a short vector two ways: drag its bars (pointer or touch), or type into one field per
// component (arrow keys step the value). In simplex mode the vector is a probability vector:
// changing one weight rescales the others so the sum stays 1. A field holding bad text shows an
// inline message naming the component ("x₃: not a number") and the last good value stays in use.
import { barY, ruleY, text, tickY } from '@observablehq/plot';
import { createDragHandles, dragHandleStyles, startsDrag } from './drag-handles.js';
import { createPlotFrame } from './plot-frame.js';
import {
  editableNumber,
  formatNumber,
  NUMBER_FIELD_MAX_LENGTH,
  numberProblem,
  parseNumber,
  revalidateOnLanguageChange,
  subscript,
} from './number-text.js';
import { englishOnly } from './widget-language.js';

export const vectorEditorStyles = `${dragHandleStyles}
.vector-editor .bars { cursor: ns-resize; user-select: none; -webkit-user-select: none; }
.vector-editor .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(4.6rem, 1fr)); gap: 0.4rem 0.5rem; margin-top: 0.35rem; }
.vector-editor .field { display: flex; flex-direction: column; gap: 0.1rem; min-width: 0; }
.vector-editor .field label { font-size: 0.8rem; color: var(--mlt-muted); font-style: italic; }
.vector-editor .field input { width: 100%; box-sizing: border-box; }
`;

/**
 * createVectorEditor({ id, name, values, simplex, onChange, language }) -> { element, values, setValues, setGhost, setActive }
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
  let active = -1;
  let drag = null; // { index, domain } while a bar is held
  let frameRequested = false;
  const digits = simplex ? 4 : 12; // significant digits put back into a field

  const element = document.createElement('div');
  element.className = `vector-editor ${simplex ? 'simplex' : ''}`;
  const frame = createPlotFrame({ redraw: () => draw() });
  frame.element.classList.add('bars');
  const handles = createDragHandles(frame.element); // a finger drags a bar by its top
  const fields = document.createElement('div');
  fields.className = 'fields';
  element.append(frame.element, fields);

  const label = (i) => `${name}${subscript(i + 1)}`;

  // ---- typed fields -------------------------------------------------------------------------
  function buildFields() {
    fields.replaceChildren(
      ...current.map((v, i) => {
        const field = document.createElement('div');
        field.className = 'field';
        const caption = document.createElement('label');
        caption.htmlFor = `${id}-${i}`;
        caption.textContent = label(i);
        caption.setAttribute('translate', 'no');
        const input = document.createElement('input');
        input.type = 'text';
        input.inputMode = 'decimal';
        input.maxLength = NUMBER_FIELD_MAX_LENGTH;
        input.id = `${id}-${i}`;
        input.autocomplete = 'off';
        input.spellcheck = false;
        input.setAttribute('translate', 'no');
        input.value = editableNumber(v, digits);
        const error = document.createElement('span');
        error.className = 'field-error';
        error.id = `${id}-${i}-error`;
        error.setAttribute('role', 'alert');
        error.hidden = true;
        input.setAttribute('aria-describedby', error.id);
        input.addEventListener('input', () => typed(i, input, error));
        input.addEventListener('keydown', (event) => stepped(event, i, input, error));
        input.addEventListener('focus', () => setActive(i));
        input.addEventListener('blur', () => {
          setActive(-1);
          if (input.getAttribute('aria-invalid') !== 'true') input.value = editableNumber(current[i], digits);
        });
        if (simplex && current.length === 1) input.readOnly = true;
        field.append(caption, input, error);
        return field;
      }),
    );
  }

  function fieldParts(i) {
    const field = fields.children[i];
    return field && { input: field.querySelector('input'), error: field.querySelector('.field-error') };
  }

  function showError(input, error, message) {
    error.hidden = !message;
    error.textContent = message ?? '';
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
  }

  function typed(i, input, error) {
    const parsed = parseNumber(input.value);
    let reason = parsed.error ? numberProblem(language, parsed) : null;
    if (!reason && simplex && !(parsed.value >= 0 && parsed.value <= 1)) reason = language.t('number.between', { min: 0, max: 1 });
    if (reason) return showError(input, error, language.t('field.problem', { name: label(i), reason }));
    showError(input, error, null);
    change(i, parsed.value, { settled: true, keepField: i });
  }

  function stepped(event, i, input, error) {
    if (event.key === 'Escape') {
      showError(input, error, null);
      input.value = editableNumber(current[i], digits);
      return;
    }
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    const step = (simplex ? 0.01 : 0.1) * (event.shiftKey ? 10 : 1);
    const next = current[i] + (event.key === 'ArrowUp' ? step : -step);
    showError(input, error, null);
    change(i, simplex ? clamp(next, 0, 1) : Number(next.toFixed(10)), { settled: true });
  }

  // ---- the vector itself --------------------------------------------------------------------
  function change(i, v, { settled, keepField = -1 }) {
    const next = [...current];
    if (simplex) {
      next[i] = v;
      const rest = current.reduce((s, p, j) => (j === i ? s : s + p), 0);
      for (let j = 0; j < next.length; j++) {
        if (j !== i) next[j] = rest > 0 ? (current[j] * (1 - v)) / rest : (1 - v) / (next.length - 1);
      }
    } else {
      next[i] = v;
    }
    current = next;
    syncFields(keepField);
    requestDraw();
    onChange([...current], { index: i, settled });
  }

  function syncFields(keepField = -1) {
    current.forEach((v, i) => {
      const parts = fieldParts(i);
      if (!parts || i === keepField) return;
      showError(parts.input, parts.error, null);
      parts.input.value = editableNumber(v, digits);
    });
  }

  // ---- bars ---------------------------------------------------------------------------------
  function domain() {
    if (simplex) return [0, 1];
    if (drag) return drag.domain;
    // Half the span, so that values near ±1e308 do not overflow.
    let lo = Math.min(0, ...current);
    let hi = Math.max(0, ...current);
    const half = hi / 2 - lo / 2 || 0.5;
    if (lo < 0) lo -= 0.3 * half;
    hi += 0.5 * half;
    return niceDomain(clampFinite(lo), clampFinite(hi));
  }

  function requestDraw() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      draw();
    });
  }

  function draw() {
    const data = current.map((value, i) => ({ label: label(i), value, i }));
    const ghosts = ghost?.length === current.length ? ghost.map((value, i) => ({ label: label(i), value })) : [];
    const [lo, hi] = domain();
    const rules = rule && rule.value >= lo && rule.value <= hi ? [rule] : [];
    const valueText = (d) => formatNumber(d.value, simplex ? 2 : Math.abs(d.value) >= 100 ? 0 : 2);
    const description =
      `${data.map((d) => `${d.label} = ${formatNumber(d.value, 4)}`).join(', ')}` +
      (ghosts.length ? `. ${ghostName}: ${ghosts.map((d) => `${d.label} = ${formatNumber(d.value, 4)}`).join(', ')}` : '') +
      (rule ? `. ${rule.label} = ${formatNumber(rule.value, 4)}` : '');
    const svg = frame.show(
      (theme) => ({
        height,
        marginLeft: 40,
        marginRight: 6,
        marginTop: 18,
        marginBottom: 24,
        x: { domain: data.map((d) => d.label), label: null, padding: 0.22, tickSize: 0 },
        y: { domain: [lo, hi], label: null, grid: true, ticks: 5, clamp: true },
        marks: [
          barY(data, { x: 'label', y: 'value', fill: (d) => (d.i === active || d.i === drag?.index ? 'active' : 'normal') }),
          ruleY([0], { stroke: theme.muted }),
          tickY(ghosts, { x: 'label', y: 'value', stroke: theme.ghost, strokeWidth: 2.5, strokeDasharray: '4,3' }),
          ruleY(rules, { y: 'value', stroke: theme.ghost, strokeWidth: 2, strokeDasharray: '6,4' }),
          text(rules, {
            y: 'value',
            text: (d) => `${d.label} = ${formatNumber(d.value, 2)}`,
            frameAnchor: 'right',
            textAnchor: 'end',
            dy: -7,
            fill: theme.ghost,
            stroke: theme.panel,
            strokeWidth: 3,
            paintOrder: 'stroke',
          }),
          text(
            data.filter((d) => d.value >= 0),
            { x: 'label', y: 'value', text: valueText, dy: -8, fill: theme.text },
          ),
          text(
            data.filter((d) => d.value < 0),
            { x: 'label', y: 'value', text: valueText, dy: 9, fill: theme.text },
          ),
        ],
        color: { type: 'ordinal', domain: ['normal', 'active'], range: [theme.bar, theme.accent] },
      }),
      {
        label: language.t(simplex ? 'vector.chartWeights' : 'vector.chart', { name }),
        description,
      },
    );
    placeHandles(svg);
  }

  // One handle on the top (or, below zero, the bottom) of each bar.
  function placeHandles(svg) {
    if (!svg.scale) return;
    const x = svg.scale('x');
    const y = svg.scale('y');
    handles.place(
      svg,
      current.map((value, i) => ({ x: x.apply(label(i)) + x.bandwidth / 2, y: y.apply(clamp(value, ...y.domain)) })),
    );
  }

  // Pointer dragging: the chart is redrawn every frame, so the pointer is captured by its stable box.
  function pointerTarget(event) {
    const svg = frame.element.querySelector('svg');
    if (!svg?.scale) return null;
    const rect = svg.getBoundingClientRect();
    return { svg, x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  function valueAt(svg, y) {
    const v = svg.scale('y').invert(y);
    const [lo, hi] = drag.domain;
    const step = simplex ? 0.01 : 10 ** (Math.floor(Math.log10(hi - lo)) - 2);
    return clamp(Math.round(v / step) * step, lo, hi);
  }

  frame.element.addEventListener('pointerdown', (event) => {
    const at = pointerTarget(event);
    if (!at || event.button !== 0 || !startsDrag(event)) return;
    const xScale = at.svg.scale('x');
    let index = -1;
    let best = Infinity;
    current.forEach((_, i) => {
      const center = xScale.apply(label(i)) + xScale.bandwidth / 2;
      const d = Math.abs(center - at.x);
      if (d < best) [best, index] = [d, i];
    });
    if (index < 0 || best > xScale.step) return;
    event.preventDefault();
    drag = { index, domain: domain() };
    frame.element.setPointerCapture(event.pointerId);
    change(index, valueAt(at.svg, at.y), { settled: false });
  });
  frame.element.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const at = pointerTarget(event);
    if (at) change(drag.index, valueAt(at.svg, at.y), { settled: false });
  });
  const release = () => {
    if (!drag) return;
    const { index } = drag;
    drag = null;
    requestDraw();
    onChange([...current], { index, settled: true });
  };
  frame.element.addEventListener('pointerup', release);
  frame.element.addEventListener('pointercancel', release);

  function setActive(i) {
    if (active === i) return;
    active = i;
    requestDraw();
  }

  buildFields();
  draw();
  language.onChange(requestDraw);
  revalidateOnLanguageChange(language, fields);
  return {
    element,
    get values() {
      return [...current];
    },
    /** Replaces the vector (rebuilds the fields if the length changed). */
    setValues(next) {
      const rebuild = next.length !== current.length;
      current = [...next];
      if (rebuild) buildFields();
      else syncFields(fields.contains(element.getRootNode().activeElement) ? indexOfFocused() : -1);
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

  function indexOfFocused() {
    const focused = element.getRootNode().activeElement;
    return [...fields.children].findIndex((field) => field.contains(focused));
  }
}

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}

// Round a range outwards to 1, 2 or 5 times a power of ten, so the axis ends on a tick.
function niceDomain(lo, hi) {
  const raw = hi / 5 - lo / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  return [clampFinite(Math.floor(lo / step) * step), clampFinite(Math.ceil(hi / step) * step)];
}

function clampFinite(v) {
  return clamp(v, -Number.MAX_VALUE, Number.MAX_VALUE);
}
