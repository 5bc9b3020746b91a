// oEmbed discovery (scripts/vite/oembed-discovery.js): every article page links to its static
// oembed.json, a "rich" answer whose iframe is the article's widget on the embed page. A platform
// that resolves oEmbed fetches the JSON and puts its html into a post; here a post on another
// origin does just that, with the site's address swapped for the test server's, and the widget
// comes up in the frame. npm test builds the site with MATHLETS_SITE_URL=https://mathlets.example/.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage } from './chromium-session.js';
import { serveFolder } from './embed-server.js';
import { ARTICLES } from '../../demos/articles.js';
import { builtSite, startSite } from './site-server.js';

const read = (path) => readFileSync(join(builtSite(), path), 'utf8');

describe('oEmbed discovery', () => {
  let site;
  let browser;
  before(async () => {
    site = await startSite();
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  it('each article page links to an oembed.json that embeds its widget', () => {
    assert.ok(existsSync(join(builtSite(), 'logsumexp/oembed.json')), 'the site was built with MATHLETS_SITE_URL (npm test sets it)');
    for (const slug of ARTICLES) {
      const link = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)" title="([^"]+)">/.exec(
        read(`${slug}/index.html`),
      );
      assert.ok(link, `${slug}: a discovery link`);
      const answer = JSON.parse(read(`${slug}/oembed.json`));
      assert.equal(
        link[1],
        new URL(`${slug}/oembed.json`, answer.provider_url).href,
        `${slug}: the link names its JSON by its absolute URL`,
      );
      assert.equal(answer.version, '1.0');
      assert.equal(answer.type, 'rich');
      assert.equal(answer.title, link[2]);
      assert.ok(Number.isInteger(answer.width) && Number.isInteger(answer.height) && answer.height > 500, `${slug}: width and height`);
      const src = /<iframe src="([^"]+)"/.exec(answer.html)?.[1];
      assert.match(src ?? '', new RegExp(`^${answer.provider_url.replace(/[.]/g, '\\.')}embed/#[a-z-]+$`), `${slug}: ${answer.html}`);
    }
  });

  it("the answer's html, put into a post on another origin, shows the widget", async () => {
    const answer = JSON.parse(read('cur-decomposition/oembed.json'));
    const html = answer.html.replaceAll(answer.provider_url, site.url);
    // The post, served by a server of its own (another loopback origin: Chromium lets a page framed
    // from a loopback server only into pages that came from one too).
    const dir = mkdtempSync(join(tmpdir(), 'mathlets-oembed-post-'));
    writeFileSync(join(dir, 'index.html'), `<!doctype html><title>A post</title><link rel="icon" href="data:,"><p>An embed:</p>${html}\n`);
    const post = await serveFolder(dir);
    const { page, log } = await recordedPage(browser.context);
    try {
      await page.goto(`${post.origin}/`);
      await page.frameLocator('iframe').locator('mathlet-cur[data-state=ready]').waitFor({ timeout: 60_000 });
      assert.deepEqual(log.errors, []);
    } finally {
      await page.close();
      await post.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
