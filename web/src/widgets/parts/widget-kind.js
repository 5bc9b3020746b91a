// The kind of a mathlet element: its tag without the prefix. Permalinks (#cur=…), embed pages and
// their snippets name a widget by it. Tiny and DOM-free: the registration bundle imports it too.

/** 'mathlet-cur' or a <mathlet-cur> element -> 'cur'. */
export function kindOf(tagOrElement) {
  const tag = typeof tagOrElement === 'string' ? tagOrElement : tagOrElement.localName;
  return tag.replace(/^mathlet-/, '');
}
