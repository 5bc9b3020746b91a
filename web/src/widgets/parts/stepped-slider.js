// A slider over a list of round values (1, 2, 4, 8, … features; 64, 128, 256 tokens) with a typed
// field beside it for any whole number in [min, max]. Sizes that span decades want about even steps
// on a log scale, and each arrow key press should land on a value a reader would pick, which a log
// slider over all integers does not give (from 1 it would need many presses to reach 2). A typed
// value between two steps puts the slider on the nearest one. The field validates what is typed and
// says so inline, naming itself (integer-field.js); the last good value stays.
import { el } from './create-element.js';
import { createIntegerField } from './integer-field.js';
import { englishOnly } from './widget-language.js';

export const steppedSliderStyles = `
.stepped-slider { display: grid; grid-template-columns: auto minmax(5rem, 1fr) auto; align-items: center; gap: 0.2rem 0.6rem; }
.stepped-slider > label { font-weight: 600; white-space: nowrap; font-size: 0.88rem; }
.stepped-slider input[type=range] { width: 100%; accent-color: var(--mlt-accent); margin: 0; }
.stepped-slider .integer-input { display: contents; }
.stepped-slider .integer-field { width: 4.2rem; }
.stepped-slider .field-error { grid-column: 1 / -1; }
`;

/** The index of the step nearest to v on a log scale (steps ascending and positive). */
export function nearestStep(steps, v) {
  let best = 0;
  for (let k = 1; k < steps.length; k++) {
    if (Math.abs(Math.log(steps[k] / v)) < Math.abs(Math.log(steps[best] / v))) best = k;
  }
  return best;
}

/**
 * createSteppedSlider({ id, name, label, steps, min, max, value, onChange(v, { settled }), language })
 * -> { element, setValue(v), value }. `name` is the symbol in messages ("m"); `label` the caption.
 */
export function createSteppedSlider({ id, name, label, steps, min, max, value, onChange, language = englishOnly }) {
  const range = el('input', { type: 'range', id: `${id}-range`, min: 0, max: steps.length - 1, step: 1 });
  const describe = (v) => range.setAttribute('aria-valuetext', `${name} = ${v}`);
  const place = (v) => {
    range.value = String(nearestStep(steps, v));
    describe(v);
  };
  const field = createIntegerField({
    id: `${id}-typed`,
    name,
    ariaLabel: language.t('slider.typed', { name }),
    min,
    max,
    value,
    language,
    onChange: (v) => {
      place(v);
      onChange(v, { settled: true });
    },
  });
  const element = el('div', { class: 'stepped-slider' }, el('label', { for: `${id}-range` }, label), range, field.element);
  range.addEventListener('input', () => {
    const v = steps[Number(range.value)];
    field.setValue(v);
    describe(v);
    onChange(v, { settled: false });
  });
  range.addEventListener('change', () => onChange(steps[Number(range.value)], { settled: true }));
  language.onChange(() => field.input.setAttribute('aria-label', language.t('slider.typed', { name })));
  place(value);
  return {
    element,
    get value() {
      return field.value;
    },
    setValue(v) {
      field.setValue(v);
      place(v);
    },
  };
}
