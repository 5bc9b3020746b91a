// The widget framework: what every mathlet has in common, so that a topic's files hold only its
// state shape, its computation and its view.
//
//   export const mount = createWidget({
//     name: 'logsumexp',                       // names the performance measures
//     text: { en, zh },                         // message catalogs (parts/widget-language.js)
//     styles: [css, ...],                       // adopted into the shadow root, in this order (permalinkStyles among them)
//     load: async () => resources,              // the wasm core, a worker...: awaited before anything is built
//     attributes: { name: { read, state } },    // the attribute table (attribute-table.js)
//     readState(textOf, language),              // optional: when the table alone cannot say (defaults to it)
//     sources: { mount(link, host), restore(fields, host) },  // optional: where fields come from
//     permalink: (state) => ({ field: value }), // what the URL records
//     normalize: (next, previous, change) => next,          // optional: a state transition's own rule
//     evaluate: (state, resources, previous) => derived,   // throws to refuse a change (refusal.js)
//     messages: { ignored(problems, language), rejected(error, language), defaults?(error, language), format?(text) },
//     results: (state, derived) => detail,      // optional: the mathlet-change event's detail
//     view: (widget) => ({ element, render(parts), sync?(previous, origin), revert?(change, origin), ready? }),
//   });
//
// The framework reads the attributes and the permalink, keeps the last valid state (a refused
// change shows its reason inline), renders at most once per animation frame, re-renders on a
// language switch, writes the permalink, dispatches mathlet-change, and on teardown undoes every
// listener, observer, pending frame and background request the widget and its parts set up.
import { createPermalink } from '../parts/permalink.js';
import { adoptStyles } from '../parts/shadow-styles.js';
import { createWidgetLanguage } from '../parts/widget-language.js';
import { fieldsOrAttribute, linkOrAttribute, readAttributeTable, readOneAttribute } from './attribute-table.js';
import { createFrameBatcher } from './frame-batcher.js';
import { withMountScope } from './mount-scope.js';
import { createNewestWins } from './newest-wins.js';
import { CHANGE_EVENT, emitWidgetEvent } from './public-events.js';
import { createStateStore } from './state-store.js';
import { createStatusLine } from './status-line.js';
import { createTeardown } from './teardown.js';

const defaultSources = { mount: linkOrAttribute, restore: fieldsOrAttribute };

/** createWidget(definition) -> mount(host, root) -> Promise<{ attributeChanged(name, text), teardown() }> */
export function createWidget(definition) {
  return async function mount(host, root) {
    const teardown = createTeardown();
    const language = createWidgetLanguage(host, definition.text);
    teardown.add(language.stop);
    const resources = await definition.load?.();
    if (teardown.done) return { attributeChanged() {}, teardown() {} }; // left the page while loading
    const widget = createWidgetContext(definition, { host, root, language, resources, teardown });
    await widget.show();
    return { attributeChanged: widget.attributeChanged, teardown: () => teardown.run() };
  };
}

// The state, the permalink, the status line and the render loop of one mounted widget, and the
// object its view receives.
function createWidgetContext(definition, { host, root, language, resources, teardown }) {
  const sources = { ...defaultSources, ...definition.sources };
  const readState = (textOf) => (definition.readState ?? ((t, l) => readAttributeTable(definition.attributes, t, l)))(textOf, language);
  const status = createStatusLine(definition.messages.format);
  const ignored = (reread) => () => definition.messages.ignored(reread(), language);
  const refusal = (error) => () => (error.say ? error.say(language) : definition.messages.rejected(error, language));
  let view = null;
  let changed = false; // a change not yet announced by mathlet-change

  const link = createPermalink(host, {
    fields: () => definition.permalink(store.state),
    onRestore: (fields) => restore(sources.restore(fields, host)),
    language,
  });
  teardown.add(link.disconnect);

  const frame = createFrameBatcher(renderNow);
  teardown.add(frame.cancel);

  const mountSource = sources.mount(link, host);
  const { store, initialStatus } = createInitialStore();

  // The attributes and link at mount; if the core refuses them, the defaults, and a message saying so.
  function createInitialStore() {
    const evaluate = (state, previous) => definition.evaluate(state, resources, previous);
    const hooks = { normalize: definition.normalize, onCommit: committed, onReject: refused };
    const read = readState(mountSource);
    try {
      const initialStatus = read.problems.length ? ignored(() => readState(mountSource).problems) : null;
      return { store: createStateStore({ initial: read.state, evaluate, ...hooks }), initialStatus };
    } catch (error) {
      const say = () => (definition.messages.defaults ?? definition.messages.rejected)(error, language);
      return { store: createStateStore({ initial: readState(() => null).state, evaluate, ...hooks }), initialStatus: say };
    }
  }

  function committed(_state, previous, origin) {
    status.show(null);
    view?.sync?.(previous, origin);
    link.update();
    changed = true;
    frame.request();
  }

  function refused(error, change, origin) {
    status.show(refusal(error));
    view?.revert?.(change, origin);
  }

  function restore(textOf) {
    const read = readState(textOf);
    if (store.commit(read.state) && read.problems.length) status.show(ignored(() => readState(textOf).problems));
  }

  function renderNow(parts = new Set(['all'])) {
    const started = performance.now();
    view.render(parts);
    performance.measure(`mathlet-${definition.name} render`, { start: started });
    if (changed && definition.results) emitWidgetEvent(host, CHANGE_EVENT, definition.results(store.state, store.derived));
    changed = false;
  }

  const context = {
    host, root, language, resources, teardown, link,
    status: status.show,
    statusElement: status.element,
    get state() {
      return store.state;
    },
    get derived() {
      return store.derived;
    },
    commit: (change, origin) => store.commit(change, origin),
    /** Asks for a render in the next frame; `part` narrows it (the view decides what that means). */
    render: (part) => frame.request(part),
    /** The state the element's attributes alone describe (a reset button). */
    attributeState: () => readState((name) => host.getAttribute(name)).state,
    /** A background job (newest-wins.js) whose answers stop when the widget leaves the page. */
    background(options) {
      const job = createNewestWins(options);
      teardown.add(job.dispose);
      return job;
    },
    emit: (type, detail) => emitWidgetEvent(host, type, detail),
    listen: (target, type, listener, options) => teardown.listen(target, type, listener, options),
  };

  return {
    async show() {
      view = withMountScope(teardown, () => definition.view(context));
      language.onChange(() => {
        status.refresh();
        frame.request();
      });
      if (initialStatus) status.show(initialStatus);
      await view.ready;
      if (teardown.done) return;
      adoptStyles(root, ...definition.styles);
      root.replaceChildren(view.element);
      renderNow();
    },
    attributeChanged(name, text) {
      const current = store.state;
      const read = readOneAttribute(definition.attributes, name, text, language, current);
      // Read again when shown again (a language switch): some readers word their problem at once.
      if (read.problem) status.show(ignored(() => [readOneAttribute(definition.attributes, name, text, language, current).problem]));
      else if (read.change) store.commit(read.change);
    },
  };
}
