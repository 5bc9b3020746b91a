// The events a widget tells its page about. They bubble and are composed, so a listener on the
// page (or on document) hears them from inside any shadow root:
//   mathlet-change   detail: the widget's results after each change the reader or the page made
//                    (what each widget puts there is listed in README.md, "Widget events")
// Detail objects are plain data (numbers, arrays, strings): a listener cannot reach into the widget.

export const CHANGE_EVENT = 'mathlet-change';

/** Dispatches `type` on `host` with `detail`; returns the event (for tests). */
export function emitWidgetEvent(host, type, detail) {
  const event = new CustomEvent(type, { detail, bubbles: true, composed: true });
  host.dispatchEvent(event);
  return event;
}
