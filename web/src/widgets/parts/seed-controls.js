// The seed of a widget's random draws as a reader changes it: a typed field (a whole number in
// [0, max], named inline when bad, integer-field.js) and a "Resample (next seed)" button beside it;
// and the commit most controls share, which drops a change that changes nothing (a slider reports a
// value on every move and again when let go). The words are the widget's: 'controls.seed' and
// 'controls.resample'.
import { el } from './create-element.js';
import { createIntegerField } from './integer-field.js';

/** The styles of a row holding the seed field and the button (class seed-row), and of that button. */
export const seedControlsStyles = `
.seed-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.6rem; margin: 0.55rem 0; }
.seed-row label { font-weight: 600; font-size: 0.88rem; margin-right: 0.4rem; }
.seed-row .integer-field { width: 7rem; }
.seed-row .field-error { display: block; }
button.primary { border-color: var(--mlt-accent); color: var(--mlt-accent); font-weight: 600; }
`;

/** commitChanged(widget) -> commit(change, origin): widget.commit, unless every field already has that value. */
export function commitChanged(widget) {
  return (change, origin) => {
    if (Object.entries(change).every(([name, value]) => widget.state[name] === value)) return;
    widget.commit(change, origin);
  };
}

/** createSeedControls(widget, commit, max) -> { seed (the field), resample (the button) } */
export function createSeedControls(widget, commit, max) {
  const { language } = widget;
  const seed = createIntegerField({
    id: 'seed',
    name: 'seed',
    label: language.text('controls.seed'),
    min: 0,
    max,
    value: widget.state.seed,
    onChange: (value) => commit({ seed: value }, 'seed'),
    language,
  });
  const resample = el(
    'button',
    { type: 'button', class: 'primary', onclick: () => commit({ seed: (widget.state.seed + 1) % (max + 1) }) },
    language.text('controls.resample'),
  );
  return { seed, resample };
}
