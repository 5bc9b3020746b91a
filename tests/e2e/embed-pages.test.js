// The embed page (/embed/#<widget>=<state>) in an iframe on a blog of another origin that allows
// one script at most: each widget loads alone from the hash, in the language asked for, and the
// host script (/embed/host.js) sizes each iframe to its content, also when the reader's screen
// changes width. A bare /embed/ lists the widgets; a hash naming none says so. Screenshots of the
// blog post with two embeds, desktop light and phone dark.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openBrowser, recordedPage, screenshotDir } from './chromium-session.js';
import { eventually } from './page-actions.js';
import { startSite } from './site-server.js';
import { ELEMENTS } from '../../web/src/widgets/index.js';

// The blog: its own loopback server, so another origin than the site (a public origin framing a
// loopback one would be stopped by Chromium's local-network checks, which real sites never meet).
// `pages`: { path: html }, read at each request (a test may add a page).
async function serveBlog(pages) {
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://blog/').pathname;
    if (path === '/favicon.ico') return response.writeHead(204).end(); // the browser asks; a blog has one
    const html = pages[path];
    response.writeHead(html ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(html ?? 'not found');
  });
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((closed) => server.close(closed)) };
}
const lse = (x, tau) => {
  const m = Math.max(...x);
  return m + tau * Math.log(x.reduce((s, v) => s + Math.exp((v - m) / tau), 0));
};

// A hosted blog's post: its own text, two iframes of the embed page, and the one host script.
const blogPost = (site) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>A post with embeds</title>
<style>body { max-width: 760px; margin: 2rem auto; padding: 0 1rem; font: 17px/1.6 Georgia, serif; } iframe { display: block; width: 100%; border: 0; }</style>
<script src="${site}embed/host.js" async></script></head>
<body><h1>Smooth maxima, embedded</h1><p>The widget below runs on the mathlets site, framed.</p>
<iframe id="lse" title="logsumexp (mathlets)" src="${site}embed/#logsumexp=values:5,1,2;tau:0.5" height="400" loading="lazy"></iframe>
<p>And a CUR decomposition, in Chinese:</p>
<iframe id="cur" title="CUR decomposition (mathlets)" src="${site}embed/?lang=zh#cur=preset:kernel;r:3" height="400" loading="lazy"></iframe>
<p>The end.</p></body></html>`;

describe('the embed page in an iframe on a blog', () => {
  let site;
  let blog;
  let browser;
  const blogPages = {};
  before(async () => {
    site = await startSite();
    blogPages['/post/'] = blogPost(site.url);
    blog = await serveBlog(blogPages);
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await blog?.close();
    await site?.close();
  });

  async function openBlog() {
    const session = await recordedPage(browser.context);
    // The sizes the frames posted, for the failure messages.
    await session.page.addInitScript(() => {
      window.__sizes = [];
      addEventListener('message', (event) => window.__sizes.push(event.data?.height));
    });
    await session.page.goto(`${blog.url}post/`);
    return session;
  }
  const frameOf = (page, id) => page.frameLocator(`#${id}`);
  // Each iframe as tall as its document: no scrollbar inside, nothing cut off. Measured in view:
  // Chromium runs no rendering steps (and so no ResizeObserver) in a cross-origin frame off screen,
  // and the frame reports a change of height when it is scrolled back to.
  async function fitted(page, id) {
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    const frame = await (await page.locator(`#${id}`).elementHandle()).contentFrame();
    const inner = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    const outer = await page.locator(`#${id}`).evaluate((f) => f.getBoundingClientRect().height);
    const sizes = await page.evaluate(() => window.__sizes.join(' '));
    assert.ok(Math.abs(outer - inner) <= 1, `#${id}: iframe ${outer}px, its page ${inner}px (posted: ${sizes})`);
    return outer;
  }

  it('loads each widget from its hash and language, and the host script fits each iframe to it', async () => {
    const { page, log } = await openBlog();
    for (const id of ['lse', 'cur']) {
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      await frameOf(page, id).locator('[data-state=ready]').waitFor({ timeout: 30_000 });
    }
    const lseHost = frameOf(page, 'lse').locator('mathlet-logsumexp');
    const shown = Number(await lseHost.getAttribute('data-lse'));
    assert.ok(Math.abs(shown - lse([5, 1, 2], 0.5)) <= 1e-12 * Math.abs(shown), `the state of the hash: lse ${shown}`);
    const cur = frameOf(page, 'cur').locator('mathlet-cur');
    assert.equal(await cur.getByRole('textbox', { name: /^r/ }).first().inputValue(), '3');
    assert.equal(await cur.evaluate((host) => host.shadowRoot.querySelector('.widget').lang), 'zh-CN', 'the language of ?lang=zh');

    let desktop;
    await eventually(async () => {
      desktop = { lse: await fitted(page, 'lse'), cur: await fitted(page, 'cur') };
      assert.ok(desktop.lse > 1000 && desktop.cur > 600, `taller than the 400px of the markup: ${JSON.stringify(desktop)}`);
    });
    // What a reader sees at the start of each frame (a full-page capture leaves a cross-origin frame
    // off screen unpainted).
    for (const id of ['lse', 'cur']) {
      await page.locator(`#${id}`).evaluate((frame) => window.scrollTo(0, frame.getBoundingClientRect().top + scrollY - 120));
      await frameOf(page, id).locator('[data-state=ready]').waitFor();
      await page.screenshot({ path: join(screenshotDir, `embed-iframe-${id}-desktop-light.png`) });
    }

    // A phone's width: the widgets reflow taller, and the frames follow.
    await page.setViewportSize({ width: 390, height: 844 });
    await eventually(async () => {
      const phone = { lse: await fitted(page, 'lse'), cur: await fitted(page, 'cur') };
      assert.ok(phone.lse > desktop.lse, `the logsumexp frame grew on a phone: ${phone.lse} vs ${desktop.lse}`);
    });
    const origins = new Set(log.requests.map((url) => new URL(url).origin));
    assert.deepEqual([...origins].sort(), [new URL(blog.url).origin, site.origin].sort(), 'the blog and the mathlets site only');
    assert.deepEqual(log.bad, []);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('on a phone in dark mode (screenshot)', async () => {
    const { page, log } = await openBlog();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('#lse').scrollIntoViewIfNeeded();
    await frameOf(page, 'lse').locator('[data-state=ready]').waitFor({ timeout: 30_000 });
    await eventually(async () => assert.ok((await fitted(page, 'lse')) > 1000));
    const background = await frameOf(page, 'lse')
      .locator('body')
      .evaluate((body) => getComputedStyle(body).backgroundColor);
    assert.notEqual(background, 'rgb(255, 255, 255)', 'the embed page follows the dark scheme');
    await page.locator('#lse').screenshot({ path: join(screenshotDir, 'embed-iframe-phone-dark.png') });
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('lists the widgets at a bare /embed/, says when a hash names none, and a link of the list opens its widget', async () => {
    const { page, log } = await recordedPage(browser.context);
    await page.goto(`${site.url}embed/#nonsense=1`);
    await page.getByRole('heading', { name: 'Embed a mathlets widget' }).waitFor();
    assert.match(await page.locator('.problem').innerText(), /names no widget \("nonsense"\)/);
    const links = page.locator('.chooser li a');
    assert.equal(await links.count(), Object.keys(ELEMENTS).length);
    assert.match(await page.locator('.chooser li code').first().innerText(), /<iframe src="http:\/\/.*\/embed\/#logsumexp"/);
    await page.getByRole('link', { name: 'CUR decomposition' }).click();
    await page.locator('mathlet-cur[data-state=ready]').waitFor({ timeout: 30_000 });
    assert.equal(await page.title(), 'CUR decomposition · mathlets');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('"Copy embed code" on an article gives a script tag and an iframe that both open the state on screen', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    const { page, log } = await recordedPage(browser.context);
    await page.goto(`${site.url}cur-decomposition/#demo`);
    const widget = page.locator('mathlet-cur');
    await widget.scrollIntoViewIfNeeded();
    await page.waitForSelector('mathlet-cur[data-state=ready]', { timeout: 30_000 });
    await widget.getByRole('textbox', { name: 'r, typed value' }).fill('3');
    await widget.getByRole('combobox', { name: 'Middle matrix' }).selectOption('intersection');
    await widget.getByRole('button', { name: 'Copy embed code' }).click();
    await widget.locator('.embed-status').filter({ hasText: 'Embed code copied' }).waitFor();
    const code = await page.evaluate(() => navigator.clipboard.readText());
    const element = /<mathlet-cur [^>]*><\/mathlet-cur>/.exec(code)?.[0];
    assert.match(element ?? code, / r="3"/);
    assert.match(element, / middle="intersection"/);
    const frameSrc = /<iframe src="([^"]+)"/.exec(code)[1].replaceAll('&amp;', '&');
    assert.ok(frameSrc.startsWith(`${site.url}embed/#cur=`), frameSrc);
    assert.deepEqual(log.errors, []);

    // The iframe snippet and the script snippet, each in a blog post: the same state, ready.
    blogPages['/iframe/'] =
      `<!doctype html><html lang="en"><title>iframe</title>${code.split('<!-- On a blog')[1].replace(/^[^>]*>/, '')}</html>`;
    blogPages['/script/'] = `<!doctype html><html lang="en"><title>script</title>${code.split('<!-- On a blog')[0]}</html>`;
    for (const path of ['/iframe/', '/script/']) {
      await page.goto(`${blog.url}${path.slice(1)}`);
      const host = path === '/iframe/' ? page.frameLocator('iframe').locator('mathlet-cur') : page.locator('mathlet-cur');
      await host.scrollIntoViewIfNeeded();
      await eventually(async () => assert.equal(await host.getAttribute('data-state'), 'ready'), { timeout: 30_000 });
      assert.equal(await host.getByRole('textbox', { name: 'r, typed value' }).inputValue(), '3', path);
      assert.equal(await host.getByRole('combobox', { name: 'Middle matrix' }).inputValue(), 'intersection', path);
    }
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
