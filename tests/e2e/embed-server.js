// The embed example as a blog's host serves it: demos/blog-post/ (a plain HTML post, copied verbatim)
// at /blog/, and the prebuilt one-script-tag widget bundle next to it at /blog/mathlets/; or the
// bundle alone on an origin of its own, as a CDN serves it (with CORS). The bundle
// is built fresh from the sources (vite.embed.config.js, into a temporary folder) so the test sees
// the current widgets; the shipped dist-embed/ is left alone.
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * Builds the embed bundle into a temporary folder; returns { dir, remove() }. npm test's browser level
 * names the copy the site build made (dist/embed/lib) in MATHLETS_EMBED_BUNDLE, for all its test files
 * (then this returns that folder, which stays).
 */
export async function buildEmbedBundle() {
  const shared = process.env.MATHLETS_EMBED_BUNDLE;
  if (shared) {
    if (!existsSync(join(shared, 'mathlets-widgets.js'))) throw new Error(`MATHLETS_EMBED_BUNDLE=${shared} holds no mathlets-widgets.js`);
    return { dir: resolve(shared), remove: () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'mathlets-embed-'));
  // Vite is imported only here: most test files use the prebuilt bundle, and each one's process
  // would pay for loading Vite otherwise.
  const { build } = await import('vite');
  await build({ configFile: join(repo, 'vite.embed.config.js'), logLevel: 'silent', build: { outDir: dir, emptyOutDir: true } });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Serves /blog/ from demos/blog-post and /blog/mathlets/ from `bundleDir` on a free port. */
export async function serveEmbedPage(bundleDir) {
  const served = await serveMounts([
    ['/blog/mathlets/', resolve(bundleDir)],
    ['/blog/', resolve(repo, 'demos/blog-post')],
  ]);
  return { ...served, url: `${served.origin}/blog/` };
}

/**
 * Serves `dir` at / on a free port as a CDN serves a package: with CORS, so that pages of any
 * origin may load its modules and fetch its wasm. Resolves to { origin, close() }.
 */
export function serveAsCdn(dir) {
  return serveFolder(dir, { 'Access-Control-Allow-Origin': '*' });
}

/** Serves `dir` at / on a free port, with `headers` on every response. Resolves to { origin, close() }. */
export function serveFolder(dir, headers = {}) {
  return serveMounts([['/', resolve(dir)]], headers);
}

// Serves files under URL prefixes ([prefix, folder], first match wins) on a free loopback port.
async function serveMounts(mounts, headers = {}) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const mount = mounts.find(([prefix]) => path.startsWith(prefix));
    const file = mount && resolve(mount[1], '.' + sep + path.slice(mount[0].length));
    if (!file?.startsWith(mount[1] + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain', ...headers }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers });
    createReadStream(file).pipe(res);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((done) => {
        server.close(done);
        server.closeAllConnections();
      }),
  };
}
