// A typed field for a whole number in [min, max] (a rank, a seed), or with `whole: false` for any
// number in [min, max] (a shift). Bad text gets an inline message naming the field ("seed: not a
// whole number") and the last good value stays in use; Escape or leaving the field puts the good
// value back.
import { el } from './create-element.js';
import { editableNumber, NUMBER_FIELD_MAX_LENGTH, numberProblem, parseNumber, revalidateOnLanguageChange } from './number-text.js';
import { englishOnly } from './widget-language.js';

/**
 * createIntegerField({ id, name, label, min, max, value, whole, onChange, language }) -> { element, input, setValue(v), value }
 * `name` is the symbol used in messages ("r", "seed"); `label` the visible caption (text or node,
 * omitted when another element labels the input: pass ariaLabel then).
 */
export function createIntegerField({
  id,
  name,
  label = null,
  ariaLabel = null,
  min,
  max,
  value,
  whole = true,
  onChange,
  language = englishOnly,
}) {
  let current = value;
  const input = el('input', {
    type: 'text',
    id,
    inputmode: whole ? 'numeric' : 'decimal',
    maxlength: NUMBER_FIELD_MAX_LENGTH,
    autocomplete: 'off',
    spellcheck: 'false',
    translate: 'no',
    class: 'integer-field',
    'aria-label': ariaLabel,
    'aria-describedby': `${id}-error`,
  });
  const error = el('span', { class: 'field-error', id: `${id}-error`, role: 'alert', hidden: true });
  const caption = label === null ? null : el('label', { for: id }, label);
  const element = el('span', { class: 'integer-input' }, caption, input, error);

  function setError(message) {
    error.hidden = !message;
    error.textContent = message ?? '';
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
  }
  const show = () => {
    input.value = whole ? String(current) : editableNumber(current);
  };

  input.addEventListener('input', () => {
    const parsed = parseNumber(input.value);
    let reason = parsed.error ? numberProblem(language, parsed) : null;
    if (!reason && whole && !Number.isInteger(parsed.value)) reason = language.t('number.notWhole');
    if (!reason && !(parsed.value >= min && parsed.value <= max)) reason = language.t('number.between', { min, max });
    if (reason) return setError(language.t('field.problem', { name, reason }));
    setError(null);
    current = parsed.value;
    onChange(current);
  });
  input.addEventListener('blur', () => {
    if (input.getAttribute('aria-invalid') !== 'true') show();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      setError(null);
      show();
    }
  });

  show();
  revalidateOnLanguageChange(language, element);
  return {
    element,
    input,
    get value() {
      return current;
    },
    setValue(v) {
      current = v;
      setError(null);
      show();
    },
    setRange(lo, hi) {
      min = lo;
      max = hi;
    },
  };
}
