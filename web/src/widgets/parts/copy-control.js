// A button that copies a text to the clipboard, with its status line; where there is no clipboard
// (insecure context, permission refused) it shows the text, selected, to copy by hand. The widget
// framework puts two beside each other: "Copy link" (permalink.js) and "Copy as NumPy" (the
// snippet of each topic's *-numpy.js).
import { englishOnly } from './widget-language.js';

/**
 * createCopyControl({ keys, names, classes, text, language, multiline, onCopy }) -> { element }
 *   keys      message keys { copy, copied, failed } in the widget's language
 *   names     optional { slot: 'NumPy' }: names in the button's label kept from translation
 *   classes   class names { root, button, status, fallback } (each control its own, for the tests)
 *   text()    what to copy, asked for on each click
 *   multiline a <textarea> fallback (a snippet) rather than an <input> (a link)
 *   onCopy(t) called with the text before the clipboard is tried
 */
export function createCopyControl({ keys, names, classes, text, language = englishOnly, multiline = false, onCopy }) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = classes.button;
  // A label with names in it follows the language by itself (rich()); a plain one is set below.
  if (names) button.append(language.rich(keys.copy, protectedNames(names)));
  const status = document.createElement('span');
  status.className = `copy-status-line ${classes.status}`;
  status.setAttribute('role', 'status');
  const fallback = document.createElement(multiline ? 'textarea' : 'input');
  if (!multiline) fallback.type = 'text';
  else fallback.rows = 8;
  fallback.readOnly = true;
  fallback.hidden = true;
  fallback.className = `copy-fallback-text ${classes.fallback}`;
  fallback.setAttribute('translate', 'no');
  fallback.spellcheck = false;
  const element = document.createElement('span');
  element.className = `copy-control ${classes.root}`;
  element.append(button, status, fallback);

  const label = () => {
    if (!names) button.textContent = language.t(keys.copy);
    fallback.setAttribute('aria-label', language.t(keys.failed));
  };
  label();
  language.onChange(() => {
    label();
    status.textContent = '';
  });

  button.addEventListener('click', async () => {
    const value = text();
    onCopy?.(value);
    try {
      await navigator.clipboard.writeText(value);
      fallback.hidden = true;
      status.textContent = language.t(keys.copied);
    } catch {
      status.textContent = language.t(keys.failed);
      fallback.value = value;
      fallback.hidden = false;
      fallback.focus();
      fallback.select();
    }
  });
  return { element };
}

// Each name as a span that translators leave alone (a library's name is the same in every language).
function protectedNames(names) {
  const slots = {};
  for (const [slot, name] of Object.entries(names)) {
    slots[slot] = document.createElement('span');
    slots[slot].className = 'notranslate';
    slots[slot].setAttribute('translate', 'no');
    slots[slot].textContent = name;
  }
  return slots;
}

export const copyControlStyles = `
.copy-control { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0.4rem; }
.copy-control .copy-status-line { font-size: 0.8rem; color: var(--mlt-muted); }
.copy-control .copy-status-line:empty { display: none; }
.copy-control .copy-fallback-text { min-width: 16rem; font-size: 0.8rem; }
.copy-control textarea.copy-fallback-text { width: 100%; font-family: ui-monospace, monospace; white-space: pre; }
`;
