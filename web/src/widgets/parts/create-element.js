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
