// Dragging the entries of M in the "Su's route" panel (widget N1, m ≤ 4): beside each typed field a
// grip; a vertical drag on it (mouse, pen or finger) changes the entry, up for more, by `step` per
// pixel. Only the grip carries touch-action: none (as parts/drag-handles.js does over charts), so a
// swipe elsewhere still scrolls a phone's page. On the field itself ArrowUp / ArrowDown change the
// entry by ten steps (Shift: a hundred); typing stays as it was. The grip is hidden from assistive
// technology: the field and its arrows are the accessible way.
import { el } from '../parts/create-element.js';

/** The change per pixel of drag: a hundredth of the decade of M's largest entry (at least 0.01). */
export function entryStep(M) {
  const largest = M.data.reduce((most, x) => Math.max(most, Math.abs(x)), 0);
  return 10 ** Math.floor(Math.log10(Math.max(1, largest))) / 100;
}

/** v on the grid of step, within ±limit, without binary-fraction tails (0.30000000000000004). */
export function snapped(v, step, limit) {
  const x = Math.min(limit, Math.max(-limit, Math.round(v / step) * step));
  return Number(x.toPrecision(12)) || 0;
}

/** The entry after a drag of dy pixels (down is positive) from `start`. */
export const dragged = (start, dy, step, limit) => snapped(start - dy * step, step, limit);

/** The entry after an arrow key (ArrowUp / ArrowDown; shift for a hundred steps), or null for another key. */
export function keyed(value, key, shift, step, limit) {
  const sign = { ArrowUp: 1, ArrowDown: -1 }[key];
  return sign ? snapped(value + sign * (shift ? 100 : 10) * step, step, limit) : null;
}

/**
 * createEntryDrag(field, { step(), limit, onValue(v) }) -> grip element: field is a parts/integer-field.js
 * field (its value and input); onValue gets each new value (the caller redraws, once per frame).
 */
export function createEntryDrag(field, { step, limit, onValue }) {
  const grip = el('span', { class: 'entry-grip', 'aria-hidden': 'true' }, '⇕');
  let drag = null; // { id, y, start, step }
  grip.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    grip.setPointerCapture(event.pointerId);
    drag = { id: event.pointerId, y: event.clientY, start: field.value, step: step() };
    grip.classList.add('dragging');
  });
  grip.addEventListener('pointermove', (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const v = dragged(drag.start, event.clientY - drag.y, drag.step, limit);
    if (v !== field.value) onValue(v);
  });
  const end = (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    drag = null;
    grip.classList.remove('dragging');
  };
  grip.addEventListener('pointerup', end);
  grip.addEventListener('pointercancel', end);
  field.input.addEventListener('keydown', (event) => {
    if (field.input.getAttribute('aria-invalid') === 'true') return;
    const v = keyed(field.value, event.key, event.shiftKey, step(), limit);
    if (v === null) return;
    event.preventDefault();
    onValue(v);
  });
  return grip;
}
