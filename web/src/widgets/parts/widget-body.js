// The body most widgets share: a headline, the status line (why a change was refused), then the
// panels on the grid (controls beside the main picture when there is room, wide panels below), in
// the widget's language (its words marked for translators, numbers kept from them).
import { el } from './create-element.js';

/**
 * The rules of that body's parts: the headline (its title and chips, the chip of the state on
 * screen), the line that says the worker is computing (its place kept while hidden, so nothing
 * jumps), and a warning line.
 */
export const widgetBodyStyles = `
.headline h2 { margin: 0; font-size: 0.95rem; color: var(--mlt-muted); font-weight: 600; }
.headline .chips { margin-top: 0.35rem; }
.chip.current { border-color: var(--mlt-pick); }
.computing { margin: 0 0 0.2rem; font-size: 0.8rem; color: var(--mlt-muted); min-height: 1.2em; }
.panel > .computing[hidden] { display: block !important; visibility: hidden; }
.warning { margin: 0.2rem 0 0.4rem; font-size: 0.82rem; color: var(--mlt-error); }
`;

/** widgetBody(widget, headline, panels, grid = 'side') -> the widget's root element. */
export function widgetBody(widget, headline, panels, grid = 'side') {
  return widget.language.mark(
    el('div', { class: 'widget' }, headline, widget.statusElement, el('div', { class: `grid ${grid}` }, ...panels)),
  );
}
