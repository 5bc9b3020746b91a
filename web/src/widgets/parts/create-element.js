// Builds DOM without innerHTML: el('p', { class: 'x', translate: 'no' }, 'text', child, ...).
// Strings become text nodes (never parsed as HTML); `on*` functions become event listeners;
// `null`, `undefined` and `false` children and attributes are skipped. A `style` string is set
// through the CSSOM (style.cssText): a strict Content-Security-Policy refuses style="" attributes.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else if (name === 'style') node.style.cssText = String(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** A span of symbols or numbers that translators must leave alone (variable names, readouts). */
export function sym(text, className = 'sym') {
  return el('span', { class: `${className} notranslate`, translate: 'no' }, text);
}

const NUMBER_OR_SYMBOL = /([−-]?(?:\d+(?:\.\d+)?|\.\d+)(?:e[+−-]?\d+)?|[Σλτ]\S*|\b[kxpn]\b)/;

/**
 * A sentence made of translatable words and untranslatable numbers and symbols, as nodes:
 * protectNumbers('Σp ≠ k (off by 2.2e-6)') keeps "Σp", "k" and "2.2e-6" away from translators
 * (which would turn 2.2 into 2,2) while the words around them stay translatable.
 */
export function protectNumbers(text) {
  // split() with a capturing group: even indices are the words between, odd ones the matches.
  return String(text)
    .split(NUMBER_OR_SYMBOL)
    .map((part, i) => (i % 2 === 1 ? sym(part) : part === '' ? null : document.createTextNode(part)))
    .filter(Boolean);
}
