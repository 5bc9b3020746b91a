// A widget's attributes as a table: each attribute has a reader (its text -> a value or a
// problem) and says which part of the state it sets. The same table reads the element's
// attributes at mount, a changed attribute later, and the fields of a permalink (which use the
// attributes' names and syntax), so the three can never disagree. Pure: testable in Node.
//
//   attributes = {
//     tau: { read: (text, language) => ({ value } | { value: fallback, problem }), state: (tau) => ({ tau }) },
//   }
// A reader returns the default for null or empty text. A problem is whatever the widget's
// `ignored` message knows how to word (a string, or a function of the language).
// `state(value)` may return null: "nothing to change" (a preset attribute naming no preset).

/**
 * readAttributeTable(attributes, textOf, language) -> { state, problems }
 * `textOf(name)` gives the text of an attribute or permalink field, or null. The states of the
 * attributes are merged in the table's order, so a later attribute wins over an earlier one.
 */
export function readAttributeTable(attributes, textOf, language) {
  let state = {};
  const problems = [];
  for (const [name, spec] of Object.entries(attributes)) {
    const read = spec.read(textOf(name), language);
    if (read.problem) problems.push(read.problem);
    const part = spec.state(read.value);
    if (part) state = { ...state, ...part };
  }
  return { state, problems };
}

/**
 * readOneAttribute(attributes, name, text, language, current) -> { change } | { problem } | { change: null }
 * For attributeChangedCallback: a bad value is reported and changes nothing; an attribute the
 * table does not know changes nothing. `current` (the widget's state) is passed to the reader and
 * to `state`, for an attribute whose range or effect depends on another (r up to the preset's size).
 */
export function readOneAttribute(attributes, name, text, language, current) {
  const spec = attributes[name];
  if (!spec) return { change: null };
  const read = spec.read(text, language, current);
  if (read.problem) return { problem: read.problem };
  return { change: spec.state(read.value, current) ?? null };
}

/** textOf for the mount: a permalink field where the link has one, else the attribute. */
export const linkOrAttribute = (link, host) => (name) => link.get(name) ?? host.getAttribute(name);

/** textOf for a link pasted in place (hashchange): its fields, else the element's attributes. */
export const fieldsOrAttribute = (fields, host) => (name) => fields[name] ?? host.getAttribute(name);
