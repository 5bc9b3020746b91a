// The events a widget tells its page about. They bubble and are composed, so a listener on the
// page (or on document) hears them from inside any shadow root:
//   mathlet-ready    once per mount, when the widget has drawn its first state (the host's data-state
//                    is then "ready"); detail: the same results as mathlet-change
//   mathlet-change   detail: the widget's results after each change the reader or the page made
//                    (what each widget puts there is listed in README.md, "Widget events")
//   mathlet-error    detail: { kind, message }; kind "input" when the widget refused an attribute, a
//                    permalink or a change (its last valid state stays, the message shows inline),
//                    kind "load" when its code or wasm could not load (data-state "error")
// The names carry the prefix so that a page's own listeners for the native `change` and `error`
// events (a form's, window.onerror's) never receive a widget's.
// Detail objects are plain data (numbers, arrays, strings): a listener cannot reach into the widget.

export const READY_EVENT = 'mathlet-ready';
export const CHANGE_EVENT = 'mathlet-change';
export const ERROR_EVENT = 'mathlet-error';

/** Dispatches `type` on `host` with `detail`; returns the event (for tests). */
export function emitWidgetEvent(host, type, detail) {
  const event = new CustomEvent(type, { detail, bubbles: true, composed: true });
  host.dispatchEvent(event);
  return event;
}

/** The plain text of a status message's content (a string, a node or an array of nodes). */
export function messageText(content) {
  if (typeof content === 'string') return content;
  return [content]
    .flat()
    .map((part) => (typeof part === 'string' ? part : (part?.textContent ?? '')))
    .join('');
}
