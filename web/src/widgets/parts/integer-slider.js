// A slider over whole numbers (a rank r from 1 to n) with a typed field beside it. Arrow keys move
// the slider one step; the field validates what is typed and says so inline (see integer-field.js).
import { el } from './create-element.js';
import { createIntegerField } from './integer-field.js';
import { englishOnly } from './widget-language.js';

export const integerSliderStyles = `
.integer-slider { display: grid; grid-template-columns: auto minmax(5rem, 1fr) auto; align-items: center; gap: 0.2rem 0.6rem; }
.integer-slider > label { font-weight: 600; white-space: nowrap; font-size: 0.88rem; }
.integer-slider input[type=range] { width: 100%; accent-color: var(--mlt-accent); margin: 0; }
.integer-slider .integer-input { display: contents; }
.integer-slider .integer-field { width: 3.6rem; }
.integer-slider .field-error { grid-column: 1 / -1; }
`;

/** createIntegerSlider({ id, name, label, min, max, value, onChange(v, { settled }), language }) -> { element, setValue, setRange, value } */
export function createIntegerSlider({ id, name, label, min, max, value, onChange, language = englishOnly }) {
  const range = el('input', { type: 'range', id: `${id}-range`, min, max, step: 1, value });
  const field = createIntegerField({
    id: `${id}-typed`,
    name,
    ariaLabel: language.t('slider.typed', { name }),
    min,
    max,
    value,
    language,
    onChange: (v) => {
      range.value = String(v);
      describe(v);
      onChange(v, { settled: true });
    },
  });
  const caption = el('label', { for: `${id}-range` }, label);
  const element = el('div', { class: 'integer-slider' }, caption, range, field.element);
  const describe = (v) => range.setAttribute('aria-valuetext', `${name} = ${v}`);

  range.addEventListener('input', () => {
    const v = Number(range.value);
    field.setValue(v);
    describe(v);
    onChange(v, { settled: false });
  });
  range.addEventListener('change', () => onChange(Number(range.value), { settled: true }));
  describe(value);
  language.onChange(() => field.input.setAttribute('aria-label', language.t('slider.typed', { name })));

  return {
    element,
    get value() {
      return field.value;
    },
    setValue(v) {
      range.value = String(v);
      field.setValue(v);
      describe(v);
    },
    setRange(lo, hi) {
      range.min = String(lo);
      range.max = String(hi);
      field.setRange(lo, hi);
    },
  };
}
