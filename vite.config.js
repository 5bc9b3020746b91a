// The mathlets site: demos/ is the root, one HTML page per article, built to dist/ with relative
// URLs so it works under any base path. MathJax 4 and its SVG font are served from node_modules by
// the small plugin below (MathJax loads components, fonts and a speech worker at run time, so it
// cannot be bundled); no page ever needs a CDN.
import { createHash } from 'node:crypto';
import { createReadStream, cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defineConfig } from 'vite';
import { ARTICLES } from './demos/articles.js';
import { oembedDiscovery } from './scripts/vite/oembed-discovery.js';
import { ELEMENTS } from './web/src/widgets/index.js';

const repo = dirname(fileURLToPath(import.meta.url));
const demos = join(repo, 'demos');
const mathjaxDir = join(repo, 'node_modules/mathjax');
const fontDir = join(repo, 'node_modules/@mathjax/mathjax-newcm-font');

// URL prefix -> directory on disk. MathJax asks for the font at `${loader.paths.fonts}/mathjax-newcm-font/...`;
// demos/public/mathjax-config.js sets loader.paths.fonts to `<site>/fonts`.
const mounts = [
  { prefix: '/mathjax/', dir: mathjaxDir },
  { prefix: '/fonts/mathjax-newcm-font/svg/', dir: join(fontDir, 'svg') },
];

// Top-level MathJax bundles the site does not load (the pages use tex-svg.js only).
const skippedBundle = (name) =>
  (name.endsWith('.js') && !['tex-svg.js', 'loader.js', 'startup.js', 'core.js'].includes(name)) ||
  name.endsWith('.cjs') ||
  name.endsWith('.mjs') ||
  name.endsWith('.mts');

const contentTypes = { '.js': 'text/javascript', '.json': 'application/json', '.mjs': 'text/javascript' };

// Cross-origin isolation (precise performance.now(), SharedArrayBuffer later). Everything the pages
// load is same-origin, so COEP require-corp costs nothing.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

function mathjaxFromNodeModules() {
  let outDir;
  return {
    name: 'mathlets-mathjax',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]);
        const mount = mounts.find((m) => path.startsWith(m.prefix));
        if (!mount) return next();
        const file = resolve(mount.dir, '.' + sep + path.slice(mount.prefix.length));
        if (!file.startsWith(mount.dir + sep) || !existsSync(file) || !statSync(file).isFile()) return next();
        res.setHeader('Content-Type', contentTypes[extname(file)] ?? 'application/octet-stream');
        createReadStream(file).pipe(res);
      });
    },
    writeBundle() {
      const top = readdirSync(mathjaxDir).filter((name) => !skippedBundle(name));
      for (const name of top) cpSync(join(mathjaxDir, name), join(outDir, 'mathjax', name), { recursive: true });
      cpSync(join(fontDir, 'svg'), join(outDir, 'fonts/mathjax-newcm-font/svg'), { recursive: true });
    },
  };
}

// The one-script widget bundle (vite.embed.config.js) inside the site, at embed/lib/, where the
// widgets' "Copy embed code" snippets point (web/src/widgets/parts/embed-code.js). Built after the
// site, into its output folder; the browser tests serve the same copy for their blog pages.
function embedBundleInSite() {
  let outDir;
  return {
    name: 'mathlets-embed-bundle',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await build({
        configFile: join(repo, 'vite.embed.config.js'),
        logLevel: 'warn',
        build: { outDir: join(outDir, 'embed/lib'), emptyOutDir: true },
      });
    },
  };
}

// The offline service worker (demos/offline/service-worker.js) at the site's root as sw.js, with
// the build's id: a hash of every file this build wrote and of the MathJax it copies, so each build's
// worker keeps its own cache and drops the older ones.
function offlineServiceWorker() {
  return {
    name: 'mathlets-offline',
    apply: 'build',
    generateBundle(_, bundle) {
      const hash = createHash('sha256').update(readFileSync(join(mathjaxDir, 'package.json')));
      for (const name of Object.keys(bundle).sort()) {
        const file = bundle[name];
        hash.update(name).update(file.type === 'chunk' ? file.code : file.source);
      }
      const worker = readFileSync(join(demos, 'offline/service-worker.js'), 'utf8');
      const source = worker.replace("'mathlets-BUILD_ID'", `'mathlets-${hash.digest('hex').slice(0, 16)}'`);
      if (source === worker) this.error('demos/offline/service-worker.js: no cache name to put the build id into');
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

// The pages the site builds: the index, one per article, the embed page.
const pages = {
  index: join(demos, 'index.html'),
  ...Object.fromEntries(ARTICLES.map((slug) => [slug, join(demos, slug, 'index.html')])),
  embed: join(demos, 'embed/index.html'),
};

export default defineConfig({
  root: demos,
  base: './',
  publicDir: join(demos, 'public'),
  plugins: [
    mathjaxFromNodeModules(),
    embedBundleInSite(),
    offlineServiceWorker(),
    oembedDiscovery({ articles: Object.fromEntries(ARTICLES.map((slug) => [slug, pages[slug]])), elements: ELEMENTS }),
  ],
  server: { headers: isolation, fs: { allow: [repo] } },
  preview: { headers: isolation },
  build: {
    outDir: join(repo, process.env.MATHLETS_DIST ?? 'dist'), // MATHLETS_DIST: another folder (see tests/e2e/site-server.js)
    emptyOutDir: true,
    assetsInlineLimit: 0,
    target: 'es2022',
    rolldownOptions: {
      input: pages,
    },
  },
});
