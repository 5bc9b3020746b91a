// Serves the built site (dist/, from `npx vite build`) with `vite preview` on a free port.
// MATHLETS_DIST names another build folder (for example one built with --outDir dist-mine, so that
// two people testing at once do not overwrite each other's build).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The folder of the built site the tests use. */
export const builtSite = () => join(repo, process.env.MATHLETS_DIST ?? 'dist');

/** URL paths ('' for the index, 'logsumexp/', …) of every page the build wrote, MathJax's own files aside. */
export function builtPages() {
  const root = builtSite();
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .filter((file) => file === 'index.html' || file.endsWith(`${sep}index.html`))
    .filter((file) => !/^(assets|mathjax|fonts)[\\/]/.test(file))
    .map((file) =>
      relative(root, join(root, file))
        .replace(/index\.html$/, '')
        .split(sep)
        .join('/'),
    )
    .sort();
}

/**
 * `base`: the URL path the site is served under (the build uses relative URLs, so any works).
 * Under shared-services.js the level's one server at '/' is used (closing it is then left to that
 * script).
 */
export async function startSite({ base = '/' } = {}) {
  const sharedUrl = process.env.MATHLETS_SITE_URL;
  if (sharedUrl && base === '/') return { url: sharedUrl, origin: new URL(sharedUrl).origin, close: async () => {} };
  const outDir = builtSite();
  if (!existsSync(join(outDir, 'index.html'))) {
    throw new Error(`${outDir} is missing: run \`npx vite build\` before the browser tests`);
  }
  // Imported only here: under shared-services.js no test file starts a server of its own, and each
  // file's process would pay for loading Vite otherwise.
  const { preview } = await import('vite');
  const server = await preview({
    configFile: join(repo, 'vite.config.js'),
    logLevel: 'silent',
    base,
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls.local[0];
  return { url, origin: new URL(url).origin, close: () => server.close() };
}
