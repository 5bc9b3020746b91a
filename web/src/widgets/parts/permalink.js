// Permalinks: a widget's state in the page's URL hash, one entry per widget, restored on load,
// rewritten (history.replaceState, throttled) as the reader edits, and a "copy link" button.
//
//   #logsumexp=values:1,2,3;tau:0.5&smooth-topk=values:3,2,1,4;k:2
//
// Entries are separated by "&"; a part without "=" is an ordinary anchor (#demo) and is kept in
// front. The key of a widget is its id attribute, else its tag without "mathlet-" (with -2, -3 for
// the second and third of the same kind on the page). Field names are the widget's attribute
// names and values are in attribute syntax, so a widget restores a link exactly as it reads its
// attributes: `link.get('values') ?? host.getAttribute('values')`.
// A host page can switch the URL updates off with permalink="off" on the element (copying a link
// still works).
import { copyControlStyles, createCopyControl } from './copy-control.js';
import { englishOnly } from './widget-language.js';
import { kindOf } from './widget-kind.js';

const THROTTLE_MS = 400;

/** The hash entries: { anchors: string[], entries: Map<key, text> }. */
export function parseHash(hash) {
  const anchors = [];
  const entries = new Map();
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq < 0) anchors.push(part);
    else entries.set(safeDecode(part.slice(0, eq)), part.slice(eq + 1));
  }
  return { anchors, entries };
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function formatHash({ anchors, entries }) {
  const parts = [...anchors, ...[...entries].map(([key, text]) => `${encodeURIComponent(key)}=${text}`)];
  return parts.length ? `#${parts.join('&')}` : '';
}

/** `values:1,2,3;tau:0.5` -> { values: '1,2,3', tau: '0.5' } (decoded; unknown names kept). */
export function parseFields(text) {
  const fields = {};
  for (const part of text.split(';')) {
    const colon = part.indexOf(':');
    if (colon > 0) fields[safeDecode(part.slice(0, colon))] = safeDecode(part.slice(colon + 1));
  }
  return fields;
}

/** A value as the text of an attribute: numbers round-trip in 12 significant digits, arrays by commas. */
export function fieldText(value) {
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.from(value, fieldText).join(',');
  if (typeof value === 'number') return String(Number(value.toPrecision(12)));
  return String(value);
}

/** { values: [1, 2, 3], tau: 0.5 } -> `values:1,2,3;tau:0.5` (only URL-safe characters left raw). */
export function formatFields(fields) {
  return Object.entries(fields)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}:${encodeURIComponent(fieldText(value)).replace(/%2C/gi, ',')}`)
    .join(';');
}

/** The key of `host` in the hash (see the top of this file). */
export function permalinkKey(host) {
  if (host.id) return host.id;
  const kind = kindOf(host);
  const same = [...host.ownerDocument.querySelectorAll(host.localName)].filter((e) => !e.id);
  const index = same.indexOf(host);
  return index > 0 ? `${kind}-${index + 1}` : kind;
}

/**
 * createPermalink(host, { fields, onRestore, labels }) -> {
 *   get(name)        the value of field `name` in the URL at mount (a string) or null
 *   update()         records the current fields() in the URL (throttled); call after every change
 *   url()            the link to the current state
 *   element          the "copy link" button with its status line
 *   disconnect()
 * }
 *   fields()          the current state as { attributeName: number | number[] | string }
 *   onRestore(fields) called when the reader edits the hash (a pasted link on the same page)
 *   language          the widget's language (parts/widget-language.js) for the button and its status
 */
export function createPermalink(host, { fields, onRestore, language = englishOnly } = {}) {
  const key = permalinkKey(host);
  const writes = () => host.getAttribute('permalink') !== 'off';
  const atMount = parseHash(location.hash).entries.get(key);
  const restored = atMount === undefined ? {} : parseFields(atMount);
  let timer = null;
  let lastWritten = atMount;

  const hashWith = (hash, entry) => {
    const parsed = parseHash(hash);
    if (entry === null) parsed.entries.delete(key);
    else parsed.entries.set(key, entry);
    return formatHash(parsed);
  };
  const url = () => {
    const current = new URL(location.href);
    current.hash = hashWith(current.hash, formatFields(fields()));
    return current.href;
  };

  function write() {
    timer = null;
    if (!writes()) return;
    const entry = formatFields(fields());
    if (entry === lastWritten) return;
    lastWritten = entry;
    const next = new URL(location.href);
    next.hash = hashWith(next.hash, entry);
    history.replaceState(history.state, '', next.href);
  }

  const onHashChange = () => {
    const entry = parseHash(location.hash).entries.get(key);
    if (entry === undefined || entry === lastWritten) return;
    lastWritten = entry;
    onRestore?.(parseFields(entry));
  };
  addEventListener('hashchange', onHashChange);

  // The copy-link control (copy-control.js).
  const { element } = createCopyControl({
    keys: { copy: 'permalink.copy', copied: 'permalink.copied', failed: 'permalink.failed' },
    classes: { root: 'permalink', button: 'copy-link', status: 'copy-status', fallback: 'copy-fallback' },
    text: url,
    language,
    onCopy: (link) => {
      host.dataset.permalink = link;
    },
  });

  return {
    key,
    get: (name) => (Object.hasOwn(restored, name) ? restored[name] : null),
    restored: () => ({ ...restored }),
    update() {
      if (timer === null && writes()) timer = setTimeout(write, THROTTLE_MS);
    },
    url,
    element,
    disconnect() {
      removeEventListener('hashchange', onHashChange);
      if (timer !== null) {
        clearTimeout(timer);
        write();
      }
    },
  };
}

/** The styles of the copy controls (both of them: the framework puts them side by side). */
export const permalinkStyles = copyControlStyles;
