// The inline message line of a widget (what was refused or ignored, and why). A message is a
// function of nothing, run again after a language switch so it is always in the current language.
import { el } from '../parts/create-element.js';

/**
 * createStatusLine(format) -> { element, show(message | null), refresh(), message }
 * `message()` returns a string, a node or an array of nodes; `format(string)` turns a string into
 * nodes (a widget marks attribute names in it), by default a text node.
 */
export function createStatusLine(format = (text) => [text]) {
  const element = el('p', { class: 'status', role: 'alert', hidden: true });
  let message = null;
  const nodes = (content) => (typeof content === 'string' ? format(content) : [content].flat());
  const show = (next) => {
    message = next;
    element.hidden = !message;
    element.replaceChildren(...(message ? nodes(message()) : []));
  };
  return {
    element,
    show,
    refresh: () => show(message),
    get message() {
      return message;
    },
  };
}
