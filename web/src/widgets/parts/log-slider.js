// A slider on a logarithmic scale (e.g. a temperature from 1e-3 to 1e3), or with `linear: true` on
// an ordinary one (a weight in [0, 1]), with a typed field beside it for exact values. Arrow keys move the slider in small log steps; the field shows an inline
// message naming itself when the text is not a usable value, and the last good value stays.
import {
  editableNumber,
  formatNumber,
  NUMBER_FIELD_MAX_LENGTH,
  numberProblem,
  parseNumber,
  revalidateOnLanguageChange,
} from './number-text.js';
import { englishOnly } from './widget-language.js';

export const logSliderStyles = `
.log-slider { display: grid; grid-template-columns: auto 1fr auto; align-items: center; gap: 0.3rem 0.7rem; }
.log-slider label { font-weight: 600; white-space: nowrap; }
.log-slider input[type=range] { width: 100%; min-width: 4rem; accent-color: var(--mlt-accent); margin: 0; }
.log-slider .typed { width: 4.8rem; }
.log-slider .scale { grid-column: 2; display: flex; justify-content: space-between; font-size: 0.75rem; color: var(--mlt-muted); margin-top: -0.35rem; }
.log-slider .field-error { grid-column: 1 / -1; }
`;

/**
 * createLogSlider({ id, name, label, min, max, value, ticks, linear, onChange, language }) -> { element, setValue(v) }.
 * `ticks` are printed under the slider, spread evenly (so pick ends and log midpoints).
 * `name` is the symbol used in messages and readouts (e.g. "τ"); `label` is the visible caption
 * (a DOM node or text). onChange(value, { settled }) fires on every move; settled is true when the
 * reader lets go or commits a typed value.
 */
export function createLogSlider({
  id,
  name,
  label,
  min,
  max,
  value,
  steps = 600,
  ticks = [min, max],
  linear = false,
  onChange,
  language = englishOnly,
}) {
  // A linear step lands on round numbers (0.35, not 0.35000000000000003).
  const [there, back] = linear ? [(v) => v, (v) => Number(v.toPrecision(12))] : [Math.log, Math.exp];
  const low = there(min);
  const span = there(max) - low;
  const toPosition = (v) => Math.round(((there(v) - low) / span) * steps);
  const fromPosition = (k) => back(low + (k / steps) * span);

  const element = document.createElement('div');
  element.className = 'log-slider';

  const caption = document.createElement('label');
  caption.htmlFor = `${id}-range`;
  caption.append(label);

  const range = document.createElement('input');
  range.type = 'range';
  range.id = `${id}-range`;
  range.min = '0';
  range.max = String(steps);
  range.step = '1';

  const typed = document.createElement('input');
  typed.type = 'text';
  typed.inputMode = 'decimal';
  typed.maxLength = NUMBER_FIELD_MAX_LENGTH;
  typed.className = 'typed';
  typed.id = `${id}-typed`;
  language.attr(typed, 'aria-label', 'slider.typed', { name });
  typed.setAttribute('translate', 'no');
  typed.autocomplete = 'off';
  typed.spellcheck = false;

  const scale = document.createElement('div');
  scale.className = 'scale';
  scale.setAttribute('aria-hidden', 'true');
  scale.setAttribute('translate', 'no');
  for (const tick of ticks) {
    const span = document.createElement('span');
    span.textContent = formatTick(tick);
    scale.append(span);
  }

  const error = document.createElement('span');
  error.className = 'field-error';
  error.id = `${id}-error`;
  error.setAttribute('role', 'alert');
  error.hidden = true;
  typed.setAttribute('aria-describedby', error.id);

  element.append(caption, range, typed, scale, error);

  let current = value;
  function show(v, { keepTyped = false } = {}) {
    current = v;
    range.value = String(toPosition(v));
    range.setAttribute('aria-valuetext', `${name} = ${formatNumber(v, 3)}`);
    if (!keepTyped) typed.value = editableNumber(Number(v.toPrecision(4)));
  }
  function setError(message) {
    error.hidden = !message;
    error.textContent = message ?? '';
    typed.setAttribute('aria-invalid', message ? 'true' : 'false');
  }

  range.addEventListener('input', () => {
    setError(null);
    show(fromPosition(Number(range.value)));
    onChange(current, { settled: false });
  });
  range.addEventListener('change', () => onChange(current, { settled: true }));

  typed.addEventListener('input', () => {
    const parsed = parseNumber(typed.value);
    let reason = parsed.error ? numberProblem(language, parsed) : null;
    if (!reason && !(parsed.value >= min && parsed.value <= max)) {
      reason = language.t('number.between', { min: exactBound(min), max: exactBound(max) });
    }
    if (reason) return setError(language.t('field.problem', { name, reason }));
    setError(null);
    show(parsed.value, { keepTyped: true });
    onChange(current, { settled: true });
  });
  typed.addEventListener('blur', () => {
    if (typed.getAttribute('aria-invalid') !== 'true') show(current);
  });
  typed.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      setError(null);
      show(current);
    }
  });

  show(value);
  revalidateOnLanguageChange(language, element);
  return {
    element,
    setValue(v) {
      setError(null);
      show(v);
    },
  };
}

// A limit in a message is the limit itself (256, not the tick label's 260), without float noise.
const exactBound = (v) => String(Number(v.toPrecision(12)));

function formatTick(v) {
  return String(Number(v.toPrecision(2)));
}
