// A whole-number field with − and + buttons (for k): arrow keys step it, the buttons stop at the
// ends, and text that is not an allowed value shows an inline message naming the field while the
// last good value stays in use.
import { el } from '../parts/create-element.js';
import { parseNumber } from '../parts/number-text.js';

export const stepperStyles = `
.stepper { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 0.45rem; }
.stepper > label { font-weight: 600; margin-right: 0.25rem; }
.stepper input { width: 3.2rem; text-align: center; }
.stepper button { min-width: 2rem; padding: 0.2rem 0.5rem; font-size: 1rem; line-height: 1; }
.stepper .field-error { flex-basis: 100%; }
`;

/**
 * createStepper({ id, name, label, value, check(value) -> { value } | { error }, onChange }) ->
 * { element, setValue(v), setLimits() }. check() decides what is allowed (it is asked again when the
 * limits change, e.g. k when a component is removed).
 */
export function createStepper({ id, name, label, value, check, onChange }) {
  let current = value;
  const input = el('input', {
    type: 'text', id, inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', translate: 'no',
    'aria-describedby': `${id}-error`,
  });
  const error = el('span', { class: 'field-error', id: `${id}-error`, role: 'alert', hidden: true });
  const minus = el('button', { type: 'button', 'aria-label': `Decrease ${name}`, onclick: () => step(-1) }, '−');
  const plus = el('button', { type: 'button', 'aria-label': `Increase ${name}`, onclick: () => step(1) }, '+');
  const element = el('div', { class: 'stepper' }, el('label', { for: id }, label), minus, input, plus, error);

  function setError(message) {
    error.hidden = !message;
    error.textContent = message ?? '';
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
  }
  function show(v, { keepTyped = false } = {}) {
    current = v;
    if (!keepTyped) input.value = String(v);
    minus.disabled = check(v - 1).error !== undefined;
    plus.disabled = check(v + 1).error !== undefined;
  }
  function step(delta) {
    const next = check(current + delta);
    if (next.error) return;
    setError(null);
    show(next.value);
    onChange(next.value);
  }

  input.addEventListener('input', () => {
    const parsed = parseNumber(input.value);
    const checked = parsed.error ? parsed : check(parsed.value);
    if (checked.error) return setError(`${name}: ${checked.error}`);
    setError(null);
    show(checked.value, { keepTyped: true });
    onChange(checked.value);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      step(event.key === 'ArrowUp' ? 1 : -1);
    } else if (event.key === 'Escape') {
      setError(null);
      show(current);
    }
  });
  input.addEventListener('blur', () => {
    if (input.getAttribute('aria-invalid') !== 'true') show(current);
  });

  show(value);
  return {
    element,
    setValue(v) {
      setError(null);
      show(v);
    },
  };
}
