// Which language an element is in: its nearest lang attribute, else the browser's preference,
// as 'en' or 'zh' (the two the widgets speak). Tiny on purpose: the registration bundle uses it
// for the placeholders, before any widget code loads.

/** 'zh', 'zh-CN', 'zh-Hant-TW' -> 'zh'; anything else -> 'en'. */
export function normalizeLanguage(code) {
  return /^zh\b/i.test(String(code ?? '').trim()) ? 'zh' : 'en';
}

/** The language for `element`: its nearest lang attribute, else the browser's preference. */
export function languageOf(element) {
  const tagged = element.closest?.('[lang]')?.getAttribute('lang');
  if (tagged) return normalizeLanguage(tagged);
  const preferred = globalThis.navigator?.languages?.[0] ?? globalThis.navigator?.language;
  return normalizeLanguage(preferred);
}
