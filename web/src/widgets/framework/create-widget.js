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
//     numpy: (state, derived) => text,          // optional: the "Copy as NumPy" snippet (<topic>-numpy.js)
//     normalize: (next, previous, change) => next,          // optional: a state transition's own rule
//     evaluate: (state, resources, previous) => derived,   // throws to refuse a change (refusal.js)
//     messages: { ignored(problems, language), rejected(error, language), defaults?(error, language), format?(text) },
//     results: (state, derived) => detail,      // optional: the mathlet-ready and mathlet-change events' detail
//     view: (widget) => ({ element, render(parts), sync?(previous, origin), revert?(change, origin), ready? }),
//   });
//
// The framework reads the attributes and the permalink, keeps the last valid state (a refused
// change shows its reason inline), renders at most once per animation frame, re-renders on a
// language switch, writes the permalink, dispatches mathlet-change and mathlet-error (public-events.js;
// lazy-element.js dispatches mathlet-ready), and on teardown undoes every listener, observer, pending
// frame and background request the widget and its parts set up.
// It also builds the copy buttons a view places side by side (widget.copyControls): "Copy link",
// "Copy as NumPy" (where the definition has a snippet) and "Copy embed code" (where the page names
// the mathlets embed folder).
import { createCopyControl } from '../parts/copy-control.js';
import { createEmbedCopy } from '../parts/embed-code.js';
import { createPermalink } from '../parts/permalink.js';
import { adoptStyles } from '../parts/shadow-styles.js';
import { createWidgetLanguage } from '../parts/widget-language.js';
import { fieldsOrAttribute, linkOrAttribute, readAttributeTable, readOneAttribute } from './attribute-table.js';
import { createFrameBatcher } from './frame-batcher.js';
import { withMountScope } from './mount-scope.js';
import { createNewestWins } from './newest-wins.js';
import { CHANGE_EVENT, ERROR_EVENT, emitWidgetEvent, messageText } from './public-events.js';
import { createStateStore } from './state-store.js';
import { createStatusLine } from './status-line.js';
import { createTeardown } from './teardown.js';

const defaultSources = { mount: linkOrAttribute, restore: fieldsOrAttribute };

/**
 * createWidget(definition) -> mount(host, root) -> Promise<{ attributeChanged(name, text), results(), teardown() }>
 * `results()` is the mathlet-change detail of the state on screen (null without definition.results).
 */
export function createWidget(definition) {
  return async function mount(host, root) {
    const teardown = createTeardown();
    const language = createWidgetLanguage(host, definition.text);
    teardown.add(language.stop);
    const resources = await definition.load?.();
    if (teardown.done) return { attributeChanged() {}, teardown() {} }; // left the page while loading
    const widget = mountWidget(definition, { host, root, language, resources, teardown });
    await widget.show();
    return { attributeChanged: widget.attributeChanged, results: widget.results, teardown: () => teardown.run() };
  };
}

// How a definition's attributes become state and how their problems and refusals are worded.
function wording(definition, language) {
  const readState = (textOf) => (definition.readState ?? ((t, l) => readAttributeTable(definition.attributes, t, l)))(textOf, language);
  return {
    readState,
    // Messages are functions, run again after a language switch (some readers word their problem at once).
    ignored: (reread) => () => definition.messages.ignored(reread(), language),
    refusal: (error) => () => (error.say ? error.say(language) : definition.messages.rejected(error, language)),
    defaults: (error) => () => (definition.messages.defaults ?? definition.messages.rejected)(error, language),
  };
}

// The attributes and link at mount; if the core refuses them, the defaults, and a message saying so.
function createInitialStore(definition, { resources, words, mountSource, hooks }) {
  const evaluate = (state, previous) => definition.evaluate(state, resources, previous);
  const read = words.readState(mountSource);
  try {
    const initialStatus = read.problems.length ? words.ignored(() => words.readState(mountSource).problems) : null;
    return { store: createStateStore({ initial: read.state, evaluate, ...hooks }), initialStatus };
  } catch (error) {
    return {
      store: createStateStore({ initial: words.readState(() => null).state, evaluate, ...hooks }),
      initialStatus: words.defaults(error),
    };
  }
}

// One mounted widget: its state, permalink, status line and render loop, and what its view gets.
function mountWidget(definition, env) {
  const { host, language, teardown } = env;
  const sources = { ...defaultSources, ...definition.sources };
  const words = wording(definition, language);
  const status = createStatusLine(definition.messages.format);
  // Every message the line shows says what was refused: the page hears it as mathlet-error too.
  const report = (message) => {
    status.show(message);
    if (message) emitWidgetEvent(host, ERROR_EVENT, { kind: 'input', message: messageText(message()) });
  };
  const live = { view: null, changed: false }; // `changed`: a change not yet announced by mathlet-change
  const link = teardown.add(
    createPermalink(host, {
      fields: () => definition.permalink(store.state),
      onRestore: (fields) => restore(sources.restore(fields, host)),
      language,
    }),
  );
  const numpy = definition.numpy ? createNumpyCopy(definition, () => store, language) : null;
  const embed = createEmbedCopy(host, { fields: () => definition.permalink(store.state), language });
  const frame = createFrameBatcher((parts) => renderNow(parts));
  teardown.add(frame.cancel);
  const hooks = {
    normalize: definition.normalize,
    onCommit(_state, previous, origin) {
      status.show(null);
      live.view?.sync?.(previous, origin);
      link.update();
      live.changed = true;
      frame.request();
    },
    onReject(error, change, origin) {
      report(words.refusal(error));
      live.view?.revert?.(change, origin);
    },
  };
  const { store, initialStatus } = createInitialStore(definition, { ...env, words, mountSource: sources.mount(link, host), hooks });

  function restore(textOf) {
    const read = words.readState(textOf);
    if (store.commit(read.state) && read.problems.length) report(words.ignored(() => words.readState(textOf).problems));
  }

  function renderNow(parts = new Set(['all'])) {
    const started = performance.now();
    live.view.render(parts);
    performance.measure(`mathlet-${definition.name} render`, { start: started });
    if (live.changed && definition.results) emitWidgetEvent(host, CHANGE_EVENT, definition.results(store.state, store.derived));
    live.changed = false;
  }

  const context = widgetContext(env, { store, status, report, link, numpy, embed, frame, words });
  return {
    async show() {
      live.view = withMountScope(teardown, () => definition.view(context));
      language.onChange(() => {
        status.refresh();
        frame.request();
      });
      if (initialStatus) report(initialStatus);
      await live.view.ready;
      if (teardown.done) return;
      adoptStyles(env.root, ...definition.styles);
      env.root.replaceChildren(live.view.element);
      renderNow();
    },
    results: () => definition.results?.(store.state, store.derived) ?? null,
    attributeChanged(name, text) {
      const current = store.state;
      const read = readOneAttribute(definition.attributes, name, text, language, current);
      if (read.problem) report(words.ignored(() => [readOneAttribute(definition.attributes, name, text, language, current).problem]));
      else if (read.change) store.commit(read.change);
    },
  };
}

// "Copy as NumPy": the definition's snippet for the state on screen (copy-control.js).
function createNumpyCopy(definition, storeOf, language) {
  return createCopyControl({
    keys: { copy: 'numpy.copy', copied: 'numpy.copied', failed: 'numpy.failed' },
    names: { name: 'NumPy' },
    classes: { root: 'numpy-copy', button: 'copy-numpy', status: 'numpy-status', fallback: 'numpy-fallback' },
    text: () => definition.numpy(storeOf().state, storeOf().derived),
    language,
    multiline: true,
  });
}

// The object a view receives: what it may read and the few things it may do.
function widgetContext({ host, root, language, resources, teardown }, { store, status, report, link, numpy, embed, frame, words }) {
  return {
    host,
    root,
    language,
    resources,
    teardown,
    /**
     * The copy buttons, in the order a view places them side by side: "Copy link", "Copy as NumPy"
     * (where the widget has a snippet), "Copy embed code" (where the page names an embed folder).
     */
    copyControls: [link, numpy, embed].filter(Boolean).map((control) => control.element),
    /** Shows why something was refused, inline, and tells the page (mathlet-error). */
    status: report,
    /**
     * The same for a refusal of the core that comes after the change was committed (a worker's
     * answer), worded as the definition words a refused change (messages.rejected).
     */
    refused: (error) => report(words.refusal(error)),
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
    attributeState: () => words.readState((name) => host.getAttribute(name)).state,
    /** A background job (newest-wins.js) whose answers stop when the widget leaves the page. */
    background(options) {
      const job = createNewestWins(options);
      teardown.add(job.dispose);
      return job;
    },
    emit: (type, detail) => emitWidgetEvent(host, type, detail),
    listen: (target, type, listener, options) => teardown.listen(target, type, listener, options),
  };
}
