// "Copy embed code": the two snippets that put a widget, in the state on screen, on someone else's
// page. Offered where the page names the mathlets embed folder, as the site's pages do:
//   <meta name="mathlets-embed" content="../embed/">   (relative to the page)
// That folder serves the embed page (/embed/#<widget>=<state>), its host script (host.js) and the
// one-script bundle (lib/mathlets-widgets.js), so both snippets point there:
//   - a script tag and the element with its attributes, for a page that allows scripts;
//   - an iframe of the embed page (and the optional host script), for a blog that allows none.
// The state travels as the permalink's fields, which use the attributes' names and syntax.
import { createCopyControl } from './copy-control.js';
import { fieldText, formatFields } from './permalink.js';
import { kindOf } from './widget-kind.js';

/** The embed folder the page names (a URL), or null where it names none. */
export function embedFolderOf(doc) {
  const meta = doc.querySelector('meta[name="mathlets-embed"][content]');
  return meta ? new URL(meta.getAttribute('content'), doc.baseURI) : null;
}

const escapeAttribute = (text) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * embedSnippets({ tag, fields, title, height, folder }) -> text: both snippets, for `tag` in the
 * state `fields` ({ attribute: value }, a permalink's), titled `title`, `height` px tall until the
 * host script fits it, from the embed folder `folder` (a URL). Pure: tested in Node.
 */
export function embedSnippets({ tag, fields, title, height, folder }) {
  const given = Object.entries(fields).filter(([, value]) => value !== null && value !== undefined);
  const attributes = given.map(([name, value]) => ` ${name}="${escapeAttribute(fieldText(value))}"`).join('');
  const page = new URL(`#${kindOf(tag)}=${formatFields(Object.fromEntries(given))}`, folder);
  return [
    '<!-- On a page that allows scripts: -->',
    `<script type="module" src="${new URL('lib/mathlets-widgets.js', folder)}"></script>`,
    `<${tag}${attributes}></${tag}>`,
    '',
    '<!-- On a blog that allows no scripts (the script line is optional: it fits the frame to the widget): -->',
    `<iframe src="${escapeAttribute(page.href)}" title="${escapeAttribute(title)} (mathlets)" width="100%" height="${height}" style="border:0" loading="lazy"></iframe>`,
    `<script src="${new URL('host.js', folder)}" async></script>`,
    '',
  ].join('\n');
}

/** The "Copy embed code" control of `host` ({ element }), or null where the page names no embed folder. */
export function createEmbedCopy(host, { fields, language }) {
  const folder = embedFolderOf(host.ownerDocument);
  if (!folder) return null;
  const statics = host.constructor;
  return createCopyControl({
    keys: { copy: 'embed.copy', copied: 'embed.copied', failed: 'embed.failed' },
    classes: { root: 'embed-copy', button: 'copy-embed', status: 'embed-status', fallback: 'embed-fallback' },
    text: () =>
      embedSnippets({
        tag: host.localName,
        fields: fields(),
        title: statics.title?.en ?? host.localName,
        height: statics.placeholderHeight ?? 800,
        folder,
      }),
    language,
    multiline: true,
  });
}
