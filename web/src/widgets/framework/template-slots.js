// The one template splitter. Messages are catalogs of templates with {name} slots
// ('Temperature {tau}'); a slot is filled by text (fillTemplate) or by a node (a formula, a
// symbol) that the caller builds from the parts (splitTemplate). Pure: no DOM, testable in Node.

const SLOT = /(\{\w+\})/;
const SLOT_NAME = /^\{(\w+)\}$/;

/**
 * 'Temperature {tau} of {n}' -> ['Temperature ', { slot: 'tau' }, ' of ', { slot: 'n' }].
 * Empty text between slots is left out.
 */
export function splitTemplate(template) {
  return template
    .split(SLOT)
    .filter(Boolean)
    .map((part) => {
      const name = SLOT_NAME.exec(part)?.[1];
      return name === undefined ? part : { slot: name };
    });
}

/** Fills the slots from `params` as text; a slot with no value stays as written (a gap shows). */
export function fillTemplate(template, params = {}) {
  return splitTemplate(template)
    .map((part) => {
      if (typeof part === 'string') return part;
      const value = params[part.slot];
      return value === undefined ? `{${part.slot}}` : String(value);
    })
    .join('');
}

/**
 * The parts of `template` with each slot replaced by `fill(name)`, or kept as its text '{name}'
 * when fill returns undefined: what a DOM builder maps to nodes.
 */
export function mapTemplate(template, fill) {
  return splitTemplate(template).map((part) => {
    if (typeof part === 'string') return part;
    const value = fill(part.slot);
    return value === undefined ? `{${part.slot}}` : value;
  });
}
