// The site's service worker (built to sw.js at the site's root by vite.config.js, which puts the
// build's id where BUILD_ID stands): it keeps what a reader's browser has loaded, so that a page
// once visited works offline, widgets included, with the wasm and the plots they loaded.
//  - Pages: the network first (a new build's page when online), the kept copy when offline.
//  - Everything else of this origin (scripts, styles, wasm, MathJax and its fonts): the kept copy
//    first. Their names carry content hashes or come with the build, and the cache is per build.
//  - The page hands over what it loaded before this worker controlled it (offline/register.js).
// It fetches nothing the page did not ask for: the site's promise that nothing heavy loads before
// the reader shows intent holds offline as online.
const CACHE = 'mathlets-BUILD_ID';

self.addEventListener('install', () => self.skipWaiting());

// A new build's worker drops the caches of older builds and takes over the open pages.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('mathlets-') && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(request.mode === 'navigate' ? networkFirst(request) : keptFirst(request));
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'keep' && Array.isArray(event.data.urls)) event.waitUntil(keepAll(event.data.urls));
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // Offline: this page as kept, or the same page kept under another query (?lang=zh).
    const kept = (await cache.match(request)) ?? (await cache.match(request, { ignoreSearch: true }));
    if (kept) return kept;
    throw error;
  }
}

async function keptFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

// Keeps the URLs (of this origin) that are not kept yet; the browser's HTTP cache usually has them.
async function keepAll(urls) {
  const cache = await caches.open(CACHE);
  const own = urls.filter((url) => new URL(url).origin === self.location.origin);
  await Promise.all(
    own.map(async (url) => {
      if (await cache.match(url)) return;
      try {
        const response = await fetch(url);
        if (response.ok) await cache.put(url, response);
      } catch {} // offline now: it stays unkept, as it would have without this worker
    }),
  );
}
