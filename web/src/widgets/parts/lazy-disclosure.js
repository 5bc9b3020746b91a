// A panel a reader opens (a <details> disclosure, closed at first) whose code is loaded, and whose
// numbers are computed, only once it is open: a widget with several such panels costs nothing more
// on its first render or per change while they stay closed. The panel draws on the widget's single
// render path: the view calls render(parts) from its own render, and the panel draws only while it
// is open, and then in the frame after the widget's own ('name' in parts), so an open panel does
// not lengthen the frame of a change to the rest of the widget.
import { el } from './create-element.js';

export const lazyDisclosureStyles = `
details.panel > summary { cursor: pointer; }
details.panel > summary h3 { display: inline; }
details.panel[open] > summary { margin-bottom: 0.25rem; }
details.panel > summary:focus-visible { outline: 2px solid var(--mlt-accent); outline-offset: 2px; border-radius: 4px; }
.lazy-loading { font-size: 0.8rem; color: var(--mlt-muted); }
`;

/**
 * createLazyDisclosure({ name, heading, loading, load, build, requestRender }) -> { element, render(parts), open }
 *   name           the panel's part name (render('name') draws it alone) and its data-panel attribute
 *   heading        the summary's <h3> content (a node)
 *   loading        the text shown while the panel's code loads
 *   load()         a dynamic import of the panel's module
 *   build(module)  -> { element, draw() }: the panel, built once; draw() shows the widget's current state
 *   requestRender(name)  asks the widget for a render of this part (widget.render)
 */
export function createLazyDisclosure({ name, heading, loading, load, build, requestRender }) {
  const headingId = `${name}-heading`;
  const note = el('p', { class: 'lazy-loading', role: 'status' });
  const element = el(
    'details',
    { class: 'panel wide', 'data-panel': name, 'aria-labelledby': headingId },
    el('summary', {}, el('h3', { id: headingId }, heading)),
    note,
  );
  let panel = null;
  let loadingPromise = null;

  function open() {
    if (panel) return requestRender(name);
    note.textContent = loading;
    loadingPromise ??= load().then(
      (module) => {
        panel = build(module);
        note.remove();
        element.append(panel.element);
        requestRender(name);
      },
      (error) => {
        loadingPromise = null;
        note.textContent = error instanceof Error ? error.message : String(error);
      },
    );
    return loadingPromise;
  }
  element.addEventListener('toggle', () => {
    if (element.open) open();
  });

  return {
    element,
    /** Called from the view's render: draws the open panel, in its own frame after a change elsewhere. */
    render(parts) {
      if (!panel || !element.open) return;
      if (parts.has(name)) panel.draw();
      else if (parts.has('all')) requestRender(name);
    },
    get open() {
      return element.open;
    },
    /** The panel once built (tests read it), else null. */
    get panel() {
      return panel;
    },
  };
}

/**
 * createLazyPanels(widget, specs) -> { elements, render(parts), byName }: one lazy disclosure per
 * spec { name, load() (the dynamic import), build(module, widget) }, headed by the widget's text
 * `<name>.heading` and saying `panel.loading` while its module loads; render(parts) is the view's.
 */
export function createLazyPanels(widget, specs) {
  const { language } = widget;
  const byName = Object.fromEntries(
    specs.map(({ name, load, build }) => [
      name,
      createLazyDisclosure({
        name,
        heading: language.rich(`${name}.heading`),
        loading: language.t('panel.loading'),
        load,
        build: (module) => build(module, widget),
        requestRender: (part) => widget.render(part),
      }),
    ]),
  );
  const panels = Object.values(byName);
  return {
    elements: panels.map((p) => p.element),
    render: (parts) => {
      for (const panel of panels) panel.render(parts);
    },
    byName,
  };
}
