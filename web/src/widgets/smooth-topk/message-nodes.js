// Messages that are computed (verdicts, what a method fails, attribute problems) are kept as
// descriptors { key, params } rather than strings, so they can be said again in the other
// language when the reader switches. A param is a number or string (a symbol, a number, a name
// typed by someone: kept as written and protected from translators), another descriptor
// (translated text, said in the same language), or a DOM node (used as is).
import { splitTemplate } from '../framework/template-slots.js';
import { protectNumbers, sym } from '../parts/create-element.js';

export const message = (key, params = {}) => ({ key, params });
const isMessage = (value) => value !== null && typeof value === 'object' && typeof value.key === 'string' && !(value instanceof Node);

/** The message as a string in the current language (for aria-labels and chart text). */
export function say(language, { key, params = {} }) {
  const filled = Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      isMessage(value) ? say(language, value) : value instanceof Node ? value.textContent : value,
    ]),
  );
  return language.t(key, filled);
}

// Numbers and symbols protected, except inside the word "top-k" (a name, kept whole so the k
// does not split it into "top-" and a symbol).
const protect = (text) => text.split(/(top-k)/i).flatMap((part, i) => (i % 2 ? [document.createTextNode(part)] : protectNumbers(part)));

/**
 * The message as nodes: its words translatable, its numbers and symbols (Σp, k, x, 2.5) and its
 * plain-value params in translate="no" spans.
 */
export function sayNodes(language, { key, params = {} }) {
  const template = language.t(key); // with no params the {slots} stay as written
  return splitTemplate(template).flatMap((part) => {
    if (typeof part === 'string') return protect(part);
    if (!(part.slot in params)) return protect(`{${part.slot}}`);
    const value = params[part.slot];
    if (isMessage(value)) return sayNodes(language, value);
    if (value instanceof Node) return [value];
    return [sym(String(value))];
  });
}

/** Nodes of a list of messages, separated as the language separates list items. */
export function sayList(language, list, separator = 'problem.separator') {
  return list.flatMap((item, i) => [...(i ? [document.createTextNode(language.t(separator))] : []), ...sayNodes(language, item)]);
}

/** A list of messages as one string. */
export function sayListText(language, list, separator = 'problem.separator') {
  return list.map((item) => say(language, item)).join(language.t(separator));
}
