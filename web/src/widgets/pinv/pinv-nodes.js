// Small DOM builders of <mathlet-pinv>: symbols and formulas kept from translators, and messages
// whose {slots} are such nodes, built afresh at each render (so they follow the language without
// registering a binding per render, which createWidgetLanguage's rich() would do).
import { splitTemplate } from '../framework/template-slots.js';
import { el, sym } from '../parts/create-element.js';

/** An italic variable name, never translated. */
export const v = (name) => el('var', { translate: 'no' }, name);

/** A formula made of text and <var> nodes, on one line, never translated. */
export const math = (...parts) => el('span', { class: 'notranslate nowrap', translate: 'no' }, ...parts);

/** A number or symbol readout, never translated. */
export const num = (text) => sym(String(text));

/** compose('Below {eps} the ...', { eps: node }) -> a <span> of text and the slot nodes. */
export function compose(template, slots = {}) {
  return el(
    'span',
    {},
    ...splitTemplate(template).map((part) => {
      if (typeof part === 'string') return part;
      const slot = slots[part.slot];
      if (slot === undefined) return `{${part.slot}}`;
      return slot instanceof Node ? slot : num(slot);
    }),
  );
}
