// The language a widget speaks (English or Chinese) and text that follows it when it changes.
//
// A widget speaks the language of the nearest `lang` attribute around it: its own
// (<mathlet-cr lang="zh">), else an ancestor's, else <html lang>; with none anywhere, the browser's
// preferred language. One observer watches every `lang` attribute in the document, so the site's
// English/中文 switch (which sets <html lang>) and a host page's own switch both reach the widgets.
//
// Messages are catalogs { en: { key: 'text' }, zh: { key: '文本' } } whose texts hold {name} slots:
//   lang.t('fieldError', { name: 'x₃', reason: '...' })    a string, now
//   lang.text('heading')                                  a Text node that follows the language
//   lang.rich('tauLabel', { tau: v('τ') })                a <span> whose slots are nodes (formulas, symbols)
//   lang.attr(button, 'aria-label', 'removeRow')          an attribute that follows the language
//   lang.onChange(render)                                 anything else (plots, computed messages)
// A key missing from Chinese falls back to English, and a key missing everywhere shows itself,
// so a gap is visible rather than blank.
import { fillTemplate, mapTemplate } from '../framework/template-slots.js';
import { languageOf } from './language-of.js';
import { partsText } from './parts-text.js';

export { languageOf, normalizeLanguage } from './language-of.js';

export const LANGUAGES = ['en', 'zh'];

// One MutationObserver for the document; each mounted widget's language registers a check here.
// The observer is disconnected when the last widget stops (leaves the page), so a page whose
// widgets are all gone watches nothing.
const checks = new Set();
let observer = null;
function watchLanguage(check) {
  checks.add(check);
  if (!observer && typeof MutationObserver === 'function') {
    observer = new MutationObserver(() => {
      for (const c of checks) c();
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
  return () => {
    checks.delete(check);
    if (checks.size === 0 && observer) {
      observer.disconnect();
      observer = null;
    }
  };
}

/** Fills {name} slots of `template` from `params`; a slot with no value is left as written. */
export const fill = fillTemplate;

// Splits a template into text and slot nodes: 'Temperature {tau}' -> ['Temperature ', node].
function fillNodes(template, slots) {
  return mapTemplate(template, (name) => slots[name]).map((part) => (part instanceof Node ? part : document.createTextNode(String(part))));
}

/**
 * createWidgetLanguage(host, catalogs) -> { lang, tag, t, text, rich, attr, mark, onChange, stop }
 * `catalogs` is the widget's { en, zh }; the shared parts' messages (parts-text.js) are included.
 */
export function createWidgetLanguage(host, catalogs = {}) {
  const merged = Object.fromEntries(LANGUAGES.map((l) => [l, { ...partsText[l], ...catalogs[l] }]));
  let lang = languageOf(host);
  const appliers = []; // re-apply one piece of bound text
  const listeners = [];

  const template = (key) => merged[lang][key] ?? merged.en[key] ?? key;
  const t = (key, params) => fill(template(key), params);
  const bind = (apply) => {
    apply();
    appliers.push(apply);
  };
  const resolve = (params) => (typeof params === 'function' ? params() : params);

  const stop = watchLanguage(() => {
    const next = languageOf(host);
    if (next === lang) return;
    lang = next;
    for (const apply of appliers) apply();
    for (const listener of listeners) listener(lang);
  });

  return {
    get lang() {
      return lang;
    },
    /** The BCP 47 tag to put on the widget's root, so the browser picks CJK glyphs and line breaking. */
    get tag() {
      return lang === 'zh' ? 'zh-CN' : 'en';
    },
    t,
    /** A Text node showing `key`; `params` may be a function, read again at each change. */
    text(key, params) {
      const node = document.createTextNode('');
      bind(() => {
        node.data = t(key, resolve(params));
      });
      return node;
    },
    /** A <span> (or `tag`) showing `key` with its {slots} filled by nodes or strings. */
    rich(key, slots = {}, tag = 'span') {
      const element = document.createElement(tag);
      bind(() => element.replaceChildren(...fillNodes(template(key), slots)));
      return element;
    },
    /** Keeps attribute `name` of `node` in the current language; returns the node. */
    attr(node, name, key, params) {
      bind(() => node.setAttribute(name, t(key, resolve(params))));
      return node;
    },
    /** Keeps the lang attribute of `element` (the widget's root) on the current language. */
    mark(element) {
      bind(() => element.setAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en'));
      return element;
    },
    /** Calls `listener(lang)` after every change of language (after bound text is updated). */
    onChange(listener) {
      listeners.push(listener);
    },
    stop,
  };
}

/** English only: for a shared part created without a language (its messages as before). */
export const englishOnly = createStaticLanguage('en');

function createStaticLanguage(lang) {
  const t = (key, params) => fill(partsText[lang][key] ?? partsText.en[key] ?? key, params);
  return {
    lang,
    tag: lang,
    t,
    text: (key, params) => document.createTextNode(t(key, typeof params === 'function' ? params() : params)),
    rich(key, slots = {}, tag = 'span') {
      const element = document.createElement(tag);
      element.append(...fillNodes(partsText[lang][key] ?? key, slots));
      return element;
    },
    attr(node, name, key, params) {
      node.setAttribute(name, t(key, typeof params === 'function' ? params() : params));
      return node;
    },
    mark: (element) => element,
    onChange() {},
    stop() {},
  };
}
