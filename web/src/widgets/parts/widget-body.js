// The body most widgets share: a headline, the status line (why a change was refused), then the
// panels on the grid (controls beside the main picture when there is room, wide panels below), in
// the widget's language (its words marked for translators, numbers kept from them).
import { el } from './create-element.js';

/** widgetBody(widget, headline, panels, grid = 'side') -> the widget's root element. */
export function widgetBody(widget, headline, panels, grid = 'side') {
  return widget.language.mark(
    el('div', { class: 'widget' }, headline, widget.statusElement, el('div', { class: `grid ${grid}` }, ...panels)),
  );
}
