// oEmbed for the article pages (https://oembed.com), so that a platform that embeds by URL (WordPress,
// Notion, Medium and others that resolve oEmbed) turns a link to an article into its widget: each
// article page gets a <link rel="alternate" type="application/json+oembed"> to a static
// <article>/oembed.json, a "rich" answer whose html is the iframe of the article's widget on the
// embed page (demos/embed/), sized to its placeholder.
//
// oEmbed wants absolute URLs, and a static build does not know where it will be served: the site's
// address comes from MATHLETS_SITE_URL at build time (for example https://example.org/mathlets/).
// Without it the build writes neither the links nor the JSON, and says so.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Vite plugin. `articles`: { slug: path of the page's source HTML }; `elements`: the widget
 * table of web/src/widgets/index.js (tag -> { placeholderHeight }).
 */
export function oembedDiscovery({ articles, elements, siteUrl = process.env.MATHLETS_SITE_URL }) {
  const site = siteUrl ? new URL(siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`) : null;
  const answers = new Map(); // slug -> the oEmbed JSON

  // The page's title and its first widget, read from its source.
  function answerFor(slug) {
    const source = readFileSync(articles[slug], 'utf8');
    const title = /<title[^>]*>([^<]*)<\/title>/.exec(source)?.[1].trim() ?? slug;
    const tag = /<(mathlet-[a-z-]+)[\s>]/.exec(source)?.[1];
    if (!tag || !elements[tag]) return null;
    const src = new URL(`embed/#${tag.replace(/^mathlet-/, '')}`, site).href;
    const height = elements[tag].placeholderHeight;
    const attribute = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    return {
      version: '1.0',
      type: 'rich',
      title,
      provider_name: 'mathlets',
      provider_url: site.href,
      width: 760,
      height,
      html: `<iframe src="${attribute(src)}" title="${attribute(title)}" width="100%" height="${height}" style="border:0" loading="lazy"></iframe>`,
    };
  }

  return {
    name: 'mathlets-oembed',
    apply: 'build',
    buildStart() {
      if (!site) {
        this.warn('MATHLETS_SITE_URL is not set: no oEmbed links or oembed.json (oEmbed needs the absolute address of the site)');
        return;
      }
      for (const slug of Object.keys(articles)) {
        const answer = answerFor(slug);
        if (answer) answers.set(slug, answer);
      }
    },
    transformIndexHtml(html, { path }) {
      const slug = path.split('/').filter(Boolean)[0];
      const answer = answers.get(slug);
      if (!answer || !path.endsWith(`${slug}/index.html`)) return html;
      const href = new URL(`${slug}/oembed.json`, site).href;
      return [{ tag: 'link', attrs: { rel: 'alternate', type: 'application/json+oembed', href, title: answer.title }, injectTo: 'head' }];
    },
    generateBundle() {
      for (const [slug, answer] of answers) {
        this.emitFile({ type: 'asset', fileName: join(slug, 'oembed.json'), source: `${JSON.stringify(answer, null, 2)}\n` });
      }
    },
  };
}
