// The typed half of a vector editor: one field per component, labelled x₁, x₂, …. Arrow keys step
// a value (Shift: ten steps), Escape puts back the value in use, and leaving a field rewrites it in
// full. A field holding bad text shows an inline message naming the component ("x₃: not a number"),
// and the last good value stays in use.
import { editableNumber, NUMBER_FIELD_MAX_LENGTH, numberProblem, parseNumber } from './number-text.js';

/**
 * createVectorFields({ id, label, simplex, digits, language, valueAt, onValue, onFocus }) -> { element, build(n), sync(keep), focusedIndex() }
 *   label(i)          the component's name ("x₃")
 *   simplex           values must lie in [0, 1] (the editor keeps their sum at 1)
 *   digits            significant digits written back into a field
 *   valueAt(i)        the value in use
 *   onValue(i, v, { typed })  a field now asks for v (typed: from the keyboard's text, not a step)
 *   onFocus(i)        a field gained focus (i) or lost it (-1)
 */
export function createVectorFields({ id, label, simplex, digits, language, valueAt, onValue, onFocus }) {
  const element = document.createElement('div');
  element.className = 'fields';

  function field(i, count) {
    const box = document.createElement('div');
    box.className = 'field';
    const caption = document.createElement('label');
    caption.htmlFor = `${id}-${i}`;
    caption.textContent = label(i);
    caption.setAttribute('translate', 'no');
    const input = numberInput(`${id}-${i}`, editableNumber(valueAt(i), digits));
    const error = document.createElement('span');
    error.className = 'field-error';
    error.id = `${id}-${i}-error`;
    error.setAttribute('role', 'alert');
    error.hidden = true;
    input.setAttribute('aria-describedby', error.id);
    input.addEventListener('input', () => typed(i, input, error));
    input.addEventListener('keydown', (event) => stepped(event, i, input, error));
    input.addEventListener('focus', () => onFocus(i));
    input.addEventListener('blur', () => {
      onFocus(-1);
      if (input.getAttribute('aria-invalid') !== 'true') input.value = editableNumber(valueAt(i), digits);
    });
    if (simplex && count === 1) input.readOnly = true; // a one-entry probability vector is [1]
    box.append(caption, input, error);
    return box;
  }

  function typed(i, input, error) {
    const parsed = parseNumber(input.value);
    let reason = parsed.error ? numberProblem(language, parsed) : null;
    if (!reason && simplex && !(parsed.value >= 0 && parsed.value <= 1)) reason = language.t('number.between', { min: 0, max: 1 });
    if (reason) return showError(input, error, language.t('field.problem', { name: label(i), reason }));
    showError(input, error, null);
    onValue(i, parsed.value, { typed: true });
  }

  function stepped(event, i, input, error) {
    if (event.key === 'Escape') {
      showError(input, error, null);
      input.value = editableNumber(valueAt(i), digits);
      return;
    }
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    const step = (simplex ? 0.01 : 0.1) * (event.shiftKey ? 10 : 1);
    const next = valueAt(i) + (event.key === 'ArrowUp' ? step : -step);
    showError(input, error, null);
    onValue(i, simplex ? Math.min(1, Math.max(0, next)) : Number(next.toFixed(10)), { typed: false });
  }

  /** New fields for a vector of n components. */
  function build(n) {
    element.replaceChildren(...Array.from({ length: n }, (_, i) => field(i, n)));
  }

  /** Every field but `keep` (the one being typed in, or -1) back to the value in use. */
  function sync(keep = -1) {
    [...element.children].forEach((box, i) => {
      if (i === keep) return;
      const input = box.querySelector('input');
      showError(input, box.querySelector('.field-error'), null);
      input.value = editableNumber(valueAt(i), digits);
    });
  }

  /** The index of the field holding focus, or -1. */
  function focusedIndex() {
    const focused = element.getRootNode().activeElement;
    return [...element.children].findIndex((box) => box.contains(focused));
  }

  return { element, build, sync, focusedIndex };
}

function numberInput(id, value) {
  const input = document.createElement('input');
  input.type = 'text';
  input.inputMode = 'decimal';
  input.maxLength = NUMBER_FIELD_MAX_LENGTH;
  input.id = id;
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.setAttribute('translate', 'no');
  input.value = value;
  return input;
}

function showError(input, error, message) {
  error.hidden = !message;
  error.textContent = message ?? '';
  input.setAttribute('aria-invalid', message ? 'true' : 'false');
}
