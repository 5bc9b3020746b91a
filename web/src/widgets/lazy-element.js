// The lazy behaviour shared by every mathlet element: a shadow root holding a sized placeholder
// until the element comes within about one viewport of the screen, then a dynamic import of the
// element's implementation (which brings the wasm core and the plot library with it).
// This module is part of the registration bundle: it must stay tiny and import nothing heavy.
import { ERROR_EVENT, emitWidgetEvent, READY_EVENT } from './framework/public-events.js';
import { languageOf } from './parts/language-of.js';
import { kindOf } from './parts/widget-kind.js';

// The placeholder's words, in the element's language (the widget itself has full catalogs).
const PLACEHOLDER_TEXT = {
  en: {
    waiting: '{title}: the live demo loads as you scroll to it.',
    loading: '{title}: loading the live demo…',
    failed: '{title}: the demo could not load ({reason}).',
  },
  zh: {
    waiting: '{title}：滚动到这里时加载实时演示。',
    loading: '{title}：正在加载实时演示…',
    failed: '{title}：演示未能加载（{reason}）。',
  },
};

const PLACEHOLDER_CSS = `
:host { display: block; contain: layout; }
:host([hidden]) { display: none; }
.placeholder {
  box-sizing: border-box; height: 100%; min-height: inherit; display: grid; place-items: center;
  border: 1px dashed color-mix(in srgb, currentColor 25%, transparent); border-radius: 12px;
  font: 15px/1.4 system-ui, sans-serif !important; color: color-mix(in srgb, currentColor 65%, transparent);
  letter-spacing: normal; text-transform: none;
  padding: 1rem; text-align: center;
}
.placeholder.failed { border-style: solid; border-color: #c0392b; color: inherit; }
`;

// A constructable stylesheet where the browser has them: a strict Content-Security-Policy refuses
// <style> elements (the implementation replaces it with its own sheets, see parts/shadow-styles.js).
let placeholderSheet = null;
function adoptPlaceholderStyles(root) {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!placeholderSheet) {
      placeholderSheet = new CSSStyleSheet();
      placeholderSheet.replaceSync(PLACEHOLDER_CSS);
    }
    root.adoptedStyleSheets = [placeholderSheet];
  } else {
    const style = document.createElement('style');
    style.textContent = PLACEHOLDER_CSS;
    root.append(style);
  }
}

let scrolledToLinked = false;
function scrollToFirstLinked(element) {
  if (scrolledToLinked || element.dataset.state !== 'ready') return;
  scrolledToLinked = true;
  element.scrollIntoView({ block: 'start' });
}

// One observer for all elements; it only ever triggers a load, so it can be shared.
let observer = null;
function viewportObserver() {
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          entry.target.startLoading();
        }
      }
    },
    { rootMargin: '100% 0px 100% 0px' },
  );
  return observer;
}

// A reader about to follow an in-page link to a widget ("Jump to the live demo": the pointer over
// it, focus on it, a finger on it) has shown intent: the widget the link leads to (the link's target,
// the first widget inside it, or the first after it, as a heading over the demo) starts loading
// then, a hover's or a tap's time before the jump. One listener per type on the document, for every
// link, present and future; links to permalinks (#kind=...) load at page load already.
const lazyTags = new Set();
let intentWatched = false;

function widgetLinkedFrom(link) {
  const id = decodeURIComponent(link.getAttribute('href').slice(1));
  const target = id && !id.includes('=') ? document.getElementById(id) : null;
  if (!target) return null;
  const widgets = document.querySelectorAll([...lazyTags].join(','));
  // FOLLOWING holds for the target's descendants too (they are CONTAINED_BY and FOLLOWING).
  return [...widgets].find((w) => w === target || target.compareDocumentPosition(w) & Node.DOCUMENT_POSITION_FOLLOWING) ?? null;
}

function watchLinkIntent() {
  if (intentWatched || typeof document === 'undefined') return;
  intentWatched = true;
  const onIntent = (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
    if (link) widgetLinkedFrom(link)?.startLoading?.();
  };
  for (const type of ['pointerover', 'focusin', 'touchstart']) document.addEventListener(type, onIntent, { capture: true, passive: true });
}

/**
 * Defines a lazy element for each entry of `table`, { tag: { title, placeholderHeight,
 * observedAttributes, loadImplementation } } (the statics described at lazyElementBase), where the
 * page has a custom element registry. Elsewhere (Node, a server render) it does nothing, so the
 * entries that call it import anywhere. A tag already defined (a second copy of the bundle) is kept.
 */
export function defineLazyElements(table) {
  const registry = globalThis.customElements;
  if (!registry) return;
  for (const [tag, statics] of Object.entries(table)) {
    if (!registry.get(tag)) registry.define(tag, lazyElementClass(tag, statics));
    lazyTags.add(tag);
  }
  watchLinkIntent();
}

// One subclass per tag, named as a hand-written class would be (MathletSmoothTopk for
// mathlet-smooth-topk), so the browser's tools show which element is which.
function lazyElementClass(tag, statics) {
  const element = class extends lazyElementBase() {};
  const name = tag.replace(/(?:^|-)([a-z0-9])/g, (_, letter) => letter.toUpperCase());
  Object.defineProperty(element, 'name', { value: name });
  return Object.assign(element, statics);
}

// The base class, made on first use and never at import: HTMLElement exists only in a browser.
let LazyBase = null;
function lazyElementBase() {
  LazyBase ??= makeLazyElementBase();
  return LazyBase;
}

/**
 * Base class of the mathlet elements. A subclass (see defineLazyElements) sets
 *   static title            human name, shown in the placeholder: { en, zh }
 *   static observedAttributes the attributes handed on to the widget once it is mounted
 *   static placeholderHeight  px reserved before the implementation arrives (so nothing jumps)
 *   static loadImplementation () => import('./topic/topic-widget.js')
 * The implementation module exports mount(host, shadowRoot) -> Promise<{ attributeChanged?, teardown? }>
 * (framework/create-widget.js makes one).
 * The host's data-state attribute tells pages, styles and tests where it is: placeholder, loading, ready,
 * error (a documented part of the element's contract); mathlet-ready and mathlet-error announce the
 * last two (framework/public-events.js).
 *
 * Leaving the page: when the element is removed (and not put back in the same task, as a move
 * does), the widget's teardown runs (its listeners, observers, pending frames and background
 * requests go) and the element shows its placeholder again. Re-inserted, it mounts afresh when it
 * nears the viewport, from its attributes and the URL's permalink, as a new element would: a
 * removed widget keeps nothing alive, and a returning one costs one more mount (the code and the
 * wasm are cached by then).
 */
function makeLazyElementBase() {
  return class LazyMathletElement extends HTMLElement {
    #widget = null;
    #loading = null;
    #generation = 0; // bumped at every unmount, so a mount that finishes late knows it is stale

    connectedCallback() {
      if (!this.shadowRoot) {
        this.attachShadow({ mode: 'open' });
        resetPlaceholder(this);
      }
      if (linkedFromHash(this)) {
        this.startLoading().then(() => scrollToFirstLinked(this));
      }
      if (!this.#loading) viewportObserver().observe(this);
    }

    disconnectedCallback() {
      viewportObserver().unobserve(this);
      // A move (removed and inserted again in the same task) keeps the widget as it is.
      queueMicrotask(() => {
        if (!this.isConnected) this.#unmount();
      });
    }

    attributeChangedCallback(name, oldValue, value) {
      if (oldValue !== value) this.#widget?.attributeChanged?.(name, value);
    }

    /** Loads the implementation now (also called by the viewport observer). */
    startLoading() {
      // After an unmount, a new mount waits for a stale one still loading (so the two never share the root).
      this.#loading ??= (this.#previous ?? Promise.resolve()).then(() => this.#load(this.#generation));
      return this.#loading;
    }

    #previous = null; // the load of the generation before, when it was unmounted mid-way

    #unmount() {
      if (!this.#loading) return;
      this.#generation += 1;
      this.#previous = this.#loading;
      this.#loading = null;
      const widget = this.#widget;
      this.#widget = null;
      if (widget) this.#stop(widget);
      resetPlaceholder(this);
    }

    #stop(widget) {
      try {
        (widget.teardown ?? widget.disconnect)?.call(widget);
      } catch (error) {
        console.error(error);
      }
    }

    async #load(generation) {
      if (generation !== this.#generation) return; // unmounted before its turn came
      this.dataset.state = 'loading';
      const box = this.shadowRoot.querySelector('.placeholder');
      if (box) box.textContent = placeholderText(this, 'loading');
      try {
        const { mount } = await this.constructor.loadImplementation();
        const widget = await mount(this, this.shadowRoot);
        if (generation !== this.#generation) {
          // Removed while mounting: undo this mount and leave the placeholder the unmount showed.
          this.#stop(widget);
          resetPlaceholder(this);
          return;
        }
        this.#widget = widget;
        this.style.minHeight = '';
        this.dataset.state = 'ready';
        emitWidgetEvent(this, READY_EVENT, widget.results?.() ?? null);
      } catch (error) {
        if (generation === this.#generation) showLoadFailure(this, error);
      }
    }
  };
}

// Whether the URL hash holds a permalink entry for an element of this kind (see parts/permalink.js:
// #logsumexp=values:1,2,3&...): such an element loads at once and the first one scrolls into view.
function linkedFromHash(element) {
  const hash = location.hash;
  if (!hash.includes('=')) return false;
  const kind = kindOf(element);
  return hash
    .slice(1)
    .split('&')
    .some((part) => {
      const key = part.split('=')[0];
      return part.includes('=') && (key === element.id || key === kind || key.startsWith(`${kind}-`));
    });
}

// A placeholder message in the element's language.
function placeholderText(element, key, reason = '') {
  const lang = languageOf(element);
  const { title } = element.constructor;
  return PLACEHOLDER_TEXT[lang][key].replace('{title}', title[lang] ?? title.en).replace('{reason}', reason);
}

// The shadow root back to the sized placeholder that waits for the element to near the viewport.
function resetPlaceholder(element) {
  const root = element.shadowRoot;
  root.replaceChildren();
  adoptPlaceholderStyles(root);
  const box = document.createElement('div');
  box.className = 'placeholder';
  box.textContent = placeholderText(element, 'waiting');
  root.append(box);
  element.style.minHeight = `${element.constructor.placeholderHeight}px`;
  element.dataset.state = 'placeholder';
}

// The implementation or the wasm could not load: the placeholder says why, and mathlet-error too.
function showLoadFailure(element, error) {
  const message = String(error?.message ?? error);
  element.dataset.state = 'error';
  emitWidgetEvent(element, ERROR_EVENT, { kind: 'load', message });
  const failed = element.shadowRoot.querySelector('.placeholder') ?? document.createElement('div');
  failed.className = 'placeholder failed';
  failed.setAttribute('role', 'alert');
  failed.textContent = placeholderText(element, 'failed', message);
  if (!failed.isConnected) element.shadowRoot.append(failed);
  console.error(error);
}
