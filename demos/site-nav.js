// The site's navigation, built from one list of articles so no page repeats it: a header menu of
// every article (a disclosure button, keyboard-operable), previous/next links at the end of each
// article, and the language switch (English / 中文). Page prose marked data-i18n="key" is taken
// from demos/i18n/<lang>.json (navigation, index, shared words) and, on an article page, from its
// own demos/<slug>/zh.json, fetched only when Chinese is asked for; the English text in the markup
// is the original, so nothing is written twice. The choice is remembered (localStorage) and
// defaults to the browser's language; <html lang> follows it, and so do the widgets (they speak
// the language of the nearest lang attribute, see web/src/widgets/parts/widget-language.js).
import { ARTICLES } from './articles.js';
import en from './i18n/en.json';
import zh from './i18n/zh.json';

const CATALOGS = { en, zh: { ...zh } };
// Each article's Chinese prose, as a lazily loaded chunk per page.
const ARTICLE_CATALOGS = import.meta.glob(['./*/zh.json', '!./i18n/zh.json'], { import: 'default' });
const STORAGE_KEY = 'mathlets-lang';

function storedLanguage() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage blocked
  }
}

export function pickLanguage() {
  const stored = storedLanguage();
  if (stored && CATALOGS[stored]) return stored;
  return (navigator.languages ?? [navigator.language]).some((l) => /^zh\b/i.test(l ?? '')) ? 'zh' : 'en';
}

// ---- where we are -----------------------------------------------------------------------------
const here = ARTICLES.find((slug) => location.pathname.includes(`/${slug}/`)) ?? null;
const root = here ? '../' : ''; // on the index the cards already link ./slug/
const t = (lang, key) => CATALOGS[lang][key] ?? CATALOGS.en[key] ?? key;

// Adds this article's Chinese prose to the catalog (once); a failed fetch leaves the English.
let articleCatalog = null;
function loadArticleCatalog() {
  const loader = here && ARTICLE_CATALOGS[`./${here}/zh.json`];
  articleCatalog ??= loader
    ? loader().then(
        (entries) => Object.assign(CATALOGS.zh, entries),
        (error) => console.warn('mathlets: Chinese text not loaded', error),
      )
    : Promise.resolve();
  return articleCatalog;
}

const originals = new Map(); // element -> its English markup (child nodes), captured once

/** Puts the `lang` strings into every [data-i18n] element; `{0}`, `{1}` stand for its child elements (formulas, links). */
function translatePage(lang) {
  for (const element of document.querySelectorAll('[data-i18n]')) {
    if (!originals.has(element)) originals.set(element, [...element.childNodes]);
    const original = originals.get(element);
    const text = CATALOGS[lang][element.dataset.i18n];
    if (lang === 'en' || text === undefined) {
      element.replaceChildren(...original);
      continue;
    }
    const children = original.filter((node) => node.nodeType === Node.ELEMENT_NODE);
    element.replaceChildren(
      ...text
        .split(/(\{\d+\})/)
        .filter(Boolean)
        .map((part) => {
          const index = /^\{(\d+)\}$/.exec(part)?.[1];
          return index !== undefined && children[index] ? children[index] : document.createTextNode(part);
        }),
    );
  }
  const title = document.querySelector('title[data-i18n]');
  if (title) document.title = title.textContent;
}

// ---- building blocks ----------------------------------------------------------------------------
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function buildMenu(lang) {
  const list = el(
    'ul',
    { id: 'article-menu', class: 'menu-list', hidden: '' },
    ...ARTICLES.map((slug) =>
      el('li', {}, el('a', { href: `${root}${slug}/`, ...(slug === here ? { 'aria-current': 'page' } : {}) }, t(lang, `nav.${slug}`))),
    ),
  );
  const button = el(
    'button',
    { type: 'button', class: 'menu-button', 'aria-expanded': 'false', 'aria-controls': 'article-menu' },
    t(lang, 'nav.articles'),
  );
  const close = () => {
    button.setAttribute('aria-expanded', 'false');
    list.hidden = true;
  };
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    list.hidden = !open;
    if (open) list.querySelector('a')?.focus();
  });
  const menu = el('nav', { class: 'site-menu', 'aria-label': t(lang, 'nav.label') }, button, list);
  menu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !list.hidden) {
      close();
      button.focus();
    }
  });
  menu.addEventListener('focusout', (event) => {
    if (!menu.contains(event.relatedTarget)) close();
  });
  return menu;
}

function buildLanguageSwitch(lang, onChange) {
  const group = el('div', { class: 'language-switch', role: 'group', 'aria-label': t(lang, 'nav.language') });
  for (const [code, name] of [
    ['en', 'English'],
    ['zh', '中文'],
  ]) {
    group.append(
      el(
        'button',
        { type: 'button', lang: code === 'zh' ? 'zh-CN' : 'en', 'aria-pressed': String(code === lang), onclick: () => onChange(code) },
        name,
      ),
    );
  }
  return group;
}

function buildPager(lang) {
  const i = ARTICLES.indexOf(here);
  const link = (slug, rel) =>
    el(
      'a',
      { href: `../${slug}/`, rel, class: rel },
      el('span', { class: 'pager-label' }, t(lang, rel === 'prev' ? 'nav.previous' : 'nav.next')),
      el('span', { class: 'pager-title' }, t(lang, `nav.${slug}`)),
    );
  return el(
    'nav',
    { class: 'pager', 'aria-label': t(lang, 'nav.pager') },
    i > 0 ? link(ARTICLES[i - 1], 'prev') : el('span'),
    i < ARTICLES.length - 1 ? link(ARTICLES[i + 1], 'next') : el('span'),
  );
}

// ---- putting it on the page ---------------------------------------------------------------------
function render(lang) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  translatePage(lang);
  const header = document.querySelector('.site-header');
  if (header) {
    header.querySelector('.site-tools')?.remove();
    header.append(el('div', { class: 'site-tools' }, buildMenu(lang), buildLanguageSwitch(lang, setLanguage)));
  }
  document.querySelector('.pager')?.remove();
  if (here) document.querySelector('main')?.append(buildPager(lang));
  document.dispatchEvent(new CustomEvent('mathlets:language', { detail: { lang } }));
}

export async function setLanguage(lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered; still switched
  }
  const focusedSwitch = document.activeElement?.closest?.('.language-switch');
  await show(lang);
  if (focusedSwitch) document.querySelector(`.language-switch button[aria-pressed="true"]`)?.focus();
}

// Renders in `lang` once its text is here. data-language-ready tells tests the page is settled.
let showing = 0; // the latest request wins when a click comes while Chinese is still loading
async function show(lang) {
  const ticket = ++showing;
  delete document.documentElement.dataset.languageReady;
  if (lang === 'zh') await loadArticleCatalog();
  if (ticket !== showing) return;
  render(lang);
  document.documentElement.dataset.languageReady = lang;
}

show(pickLanguage());
