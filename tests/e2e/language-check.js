// Checks that a page or a widget speaks the language it was asked to: the visible text a reader
// would read (outside translate="no", which holds formulas, symbols and numbers) contains no
// English words when the language is Chinese. Names that stay in Latin letters in Chinese prose
// (softmax, GradTopK, SVD, Adam, ...) are allowed by the caller.

/**
 * Run in the page (page.evaluate(englishWords, { selector, allowed })): the English words left in
 * the visible, translatable text of `selector` (open shadow roots included), with where each is.
 * Hidden elements (display: none, [hidden]) are skipped; attributes read by screen readers
 * (aria-label, title, placeholder) are checked too.
 */
export function englishWords({ selector, allowed = [] }) {
  const allow = new Set(allowed.map((w) => w.toLowerCase()));
  const found = [];
  // Inside translate="no" (formulas, symbols, numbers) or markup that is not prose.
  const protectedNode = (node) => {
    for (let el = node.nodeType === 1 ? node : node.parentElement; el; el = el.parentElement ?? el.getRootNode()?.host) {
      if (el.getAttribute?.('translate') === 'no' || el.classList?.contains('notranslate')) return true;
      if (['SCRIPT', 'STYLE', 'svg', 'MJX-CONTAINER', 'math', 'TEXTAREA'].includes(el.tagName)) return true;
    }
    return false;
  };
  // Read out as a whole by its own label: a chart (role="img") or a typeset formula (MathJax's
  // speech, which has no Chinese rules); the labels inside are never read.
  const insideReadAsWhole = (el) => {
    const outer = el.parentElement?.closest('[role="img"], mjx-container');
    return Boolean(outer) || el.closest('mjx-container') !== null;
  };
  const hidden = (el) => el.closest('[hidden]') || getComputedStyle(el).display === 'none' || getComputedStyle(el).visibility === 'hidden';
  const check = (text, where) => {
    // Latin letters, accented ones included (Rényi is one word), but not the subscript and
    // superscript letters of symbols such as xₘₐₓ.
    for (const word of text.match(/[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'-]{2,}/g) ?? []) {
      if (!allow.has(word.toLowerCase())) found.push({ word, where: where.slice(0, 80) });
    }
  };
  const visit = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.currentNode; node; node = walker.nextNode()) {
      if (node.nodeType === 3) {
        const parent = node.parentElement;
        if (parent && !protectedNode(node) && !hidden(parent)) check(node.data, node.data.trim());
      } else if (node.nodeType === 1) {
        if (node.shadowRoot) visit(node.shadowRoot);
        if (insideReadAsWhole(node) || hidden(node)) continue;
        // aria-label is read out even on a protected element (a field, a chart); the others only
        // where the element itself is translatable.
        const names = protectedNode(node) ? ['aria-label'] : ['aria-label', 'title', 'placeholder', 'aria-valuetext'];
        for (const name of names) {
          const value = node.getAttribute(name);
          if (value) check(value, `${node.tagName.toLowerCase()}[${name}]: ${value}`);
        }
      }
    }
  };
  for (const root of document.querySelectorAll(selector)) visit(root.shadowRoot ?? root);
  return found;
}
