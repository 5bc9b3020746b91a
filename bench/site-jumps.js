// The site's articles jumped to as a reader does (issue 13's measure is on the built site, where
// MathJax, the article's other formulas and its larger page share the main thread with the widget):
// the site built by vite.config.js and served as the browser tests serve it, each article opened
// cold in a fresh browser context, its "Jump to the live demo" link clicked once the page has been
// open `openFor` ms, and the time from the click to the demo's widget ready. The widget is the one
// the link leads to: the first after the link's target, as lazy-element.js's intent finds it.
import { join } from 'node:path';
import { ARTICLES } from '../demos/articles.js';
import { build, preview } from 'vite';

/** Builds the site into `outDir` and serves it: -> { url, close() }. */
export async function serveSite(repo, outDir) {
  // The oEmbed discovery needs the site's address at build time: the reserved example domain, as the test level's build.
  process.env.MATHLETS_SITE_URL ??= 'https://mathlets.example/';
  const configFile = join(repo, 'vite.config.js');
  await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ configFile, logLevel: 'silent', build: { outDir }, preview: { host: '127.0.0.1', port: 0, open: false } });
  return { url: server.resolvedUrls.local[0], close: () => server.close() };
}

// In the page: clicks the jump link once the page has been open `openFor` ms; resolves to
// { tag, ms } for the widget it leads to.
function clickJump(openFor) {
  const link = document.querySelector('a.jump');
  const target = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
  const host = [...document.querySelectorAll('*')].find(
    (el) => el.localName.startsWith('mathlet-') && (el === target || target.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING),
  );
  return new Promise((resolve) => {
    const jump = () => {
      const started = performance.now();
      const check = () => {
        if (host.dataset.state !== 'ready') return false;
        resolve({ tag: host.localName, ms: performance.now() - started });
        return true;
      };
      link.click();
      if (!check()) new MutationObserver((_, observer) => check() && observer.disconnect()).observe(host, { attributes: true });
    };
    setTimeout(jump, Math.max(0, openFor - performance.now()));
  });
}

/**
 * siteJumps({ freshPage, url, loads, openFor, articles }) -> [{ article, tag, ms (median of loads) }]
 * freshPage(): a page in a new browser context ({ page, close }).
 */
export async function siteJumps({ freshPage, url, loads, openFor, articles = ARTICLES }) {
  const rows = [];
  for (const article of articles) {
    const times = [];
    let tag = null;
    for (let i = 0; i < loads; i++) {
      const fresh = await freshPage();
      try {
        await fresh.page.goto(`${url}${article}/`);
        const result = await fresh.page.evaluate(clickJump, openFor);
        tag = result.tag;
        times.push(result.ms);
      } finally {
        await fresh.close();
      }
    }
    times.sort((a, b) => a - b);
    rows.push({ article, tag, ms: times[Math.floor(times.length / 2)] });
  }
  return rows;
}
