// A Vite dev server rooted at the repository, for fixtures that import the sources directly
// (tests/e2e/fixtures/*.html), on a free port.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** `alias`: module specifiers to swap (e.g. node:test for a browser stand-in). */
export async function startDevServer({ alias = {} } = {}) {
  const server = await createServer({
    root: repo,
    configFile: false,
    logLevel: 'silent',
    resolve: { alias },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
  });
  await server.listen();
  const url = server.resolvedUrls.local[0];
  return { url, origin: new URL(url).origin, close: () => server.close() };
}
