// The control for k: a field with − and + buttons and a slider beside it. k is any real number
// from 0 to n (k = 0 keeps nothing, k = n keeps everything). The buttons and the arrow keys step
// to the next whole number (from 1.4: down to 1, up to 2); the slider moves in steps of 0.01 while
// the method in focus takes a fractional k (ThreTopK) and in whole steps from a whole k otherwise. Text
// that is not an allowed value shows an inline message naming the field, and the last good
// value stays in use.
import { el } from '../parts/create-element.js';
import { editableNumber, formatNumber, NUMBER_FIELD_MAX_LENGTH, numberProblem, parseNumber } from '../parts/number-text.js';
import { say } from './message-nodes.js';
import { checkK } from './topk-attributes.js';

export const stepperStyles = `
.stepper { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 0.45rem; }
.stepper > label { font-weight: 600; margin-right: 0.25rem; }
.stepper input[type=text] { width: 3.6rem; text-align: center; }
.stepper button { min-width: 2rem; padding: 0.2rem 0.5rem; font-size: 1rem; line-height: 1; }
.stepper input[type=range] { flex: 1 1 6rem; min-width: 5rem; accent-color: var(--mlt-accent); margin: 0 0 0 0.3rem; }
.stepper .field-error, .stepper .k-hint { flex-basis: 100%; }
.stepper .k-hint { margin: 0; font-size: 0.8rem; color: var(--mlt-muted); }
`;

const down = (k) => (Number.isInteger(k) ? k - 1 : Math.floor(k));
const up = (k) => (Number.isInteger(k) ? k + 1 : Math.ceil(k));

// The field, the − and + buttons, the slider, the fraction hint and the error line.
function kElements(language, id, step) {
  const e = {
    input: el('input', {
      type: 'text',
      id,
      inputmode: 'decimal',
      maxlength: NUMBER_FIELD_MAX_LENGTH,
      autocomplete: 'off',
      spellcheck: 'false',
      translate: 'no',
      'aria-describedby': `${id}-error`,
    }),
    error: el('span', { class: 'field-error', id: `${id}-error`, role: 'alert', hidden: true }),
    minus: language.attr(el('button', { type: 'button', onclick: () => step(down) }, '−'), 'aria-label', 'k.decrease'),
    plus: language.attr(el('button', { type: 'button', onclick: () => step(up) }, '+'), 'aria-label', 'k.increase'),
    slider: language.attr(el('input', { type: 'range', id: `${id}-range`, min: 0, step: 0.01 }), 'aria-label', 'k.slider'),
    hint: el('p', { class: 'k-hint', hidden: true }, language.text('k.fraction')),
  };
  e.element = el(
    'div',
    { class: 'stepper' },
    el('label', { for: id }, language.rich('k.label', { k: el('var', { translate: 'no' }, 'k') })),
    e.minus,
    e.input,
    e.plus,
    e.slider,
    e.hint,
    e.error,
  );
  return e;
}

// Typing (checked as typed), the arrow keys (a step), Escape (back to the value in use), the slider.
function listen(e, language, control) {
  const { input } = e;
  input.addEventListener('input', () => {
    const parsed = parseNumber(input.value);
    const checked = parsed.error ? parsed : checkK(parsed.value, control.limit());
    if (checked.error) {
      const reason = () => (parsed.error ? numberProblem(language, parsed) : say(language, checked.error));
      return control.setError(() => language.t('field.problem', { name: 'k', reason: reason() }));
    }
    control.commit(checked.value, { keepTyped: true });
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      control.step(event.key === 'ArrowUp' ? up : down);
    } else if (event.key === 'Escape') {
      control.setError(null);
      control.show(control.current());
    }
  });
  input.addEventListener('blur', () => {
    if (input.getAttribute('aria-invalid') !== 'true') control.show(control.current());
  });
  e.slider.addEventListener('input', () => control.commit(Number(e.slider.value)));
}

/**
 * createKControl({ language, value, n, onChange(k) }) -> { element, setValue(k), setLimit(n), setWholeOnly(bool) }.
 */
export function createKControl({ language, value, n, onChange }) {
  let current = value;
  let limit = n;
  let shownError = null; // () => message text, said again when the language changes
  let wholeOnly = false;
  const e = kElements(language, 'k', (next) => step(next));
  const { input, slider } = e;

  function setError(describe) {
    shownError = describe;
    e.error.hidden = !describe;
    e.error.textContent = describe ? describe() : '';
    input.setAttribute('aria-invalid', describe ? 'true' : 'false');
  }
  function show(v, { keepTyped = false } = {}) {
    current = v;
    if (!keepTyped) input.value = editableNumber(v);
    // Whole steps only from a whole k: a fractional k stays where it is (the slider would round it).
    slider.step = wholeOnly && Number.isInteger(v) ? '1' : '0.01';
    slider.max = String(limit);
    slider.value = String(v);
    slider.setAttribute('aria-valuetext', `k = ${formatNumber(v, 2)}`);
    e.minus.disabled = checkK(down(v), limit).error !== undefined;
    e.plus.disabled = checkK(up(v), limit).error !== undefined;
    e.hint.hidden = Number.isInteger(v);
  }
  function commit(v, options) {
    setError(null);
    show(v, options);
    onChange(v);
  }
  function step(next) {
    const checked = checkK(next(current), limit);
    if (!checked.error) commit(checked.value);
  }

  listen(e, language, { current: () => current, limit: () => limit, setError, show, commit, step });
  language.onChange(() => shownError && setError(shownError));
  show(value);
  return {
    element: e.element,
    setValue(v) {
      setError(null);
      show(v);
    },
    /** A new number of scores: k stays (the caller has clamped it), the ends move. */
    setLimit(next) {
      limit = next;
      show(current, { keepTyped: input.getAttribute('aria-invalid') === 'true' });
    },
    /** Whole steps on the slider while the method in focus needs a whole k. */
    setWholeOnly(whole) {
      if (whole === wholeOnly) return;
      wholeOnly = whole;
      show(current, { keepTyped: true });
    },
  };
}
