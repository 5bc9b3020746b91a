// Makes the site work offline once visited: registers the service worker (sw.js at the site's
// root, offline/service-worker.js as built for this build) and hands it the URLs this page loaded
// before the worker controlled it (on a first visit, everything up to its activation), so that they
// are kept too; what loads later (a widget scrolled into view) passes through the worker itself.
// The built site only: the dev server's modules change with every edit.
// This module is built into <site>/assets/ (the site's root is one up, under any base path).
const root = new URL(/* @vite-ignore */ '../', import.meta.url);

function handOver(worker) {
  const urls = [location.href.split('#')[0], ...performance.getEntriesByType('resource').map((entry) => entry.name)];
  worker?.postMessage({ type: 'keep', urls });
}

if (import.meta.env.PROD && 'serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker
    .register(new URL('sw.js', root), { scope: root.href })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      handOver(registration.active);
      // On a first visit the page comes under the worker's control only now: hand over again what
      // loaded in between.
      navigator.serviceWorker.addEventListener('controllerchange', () => handOver(navigator.serviceWorker.controller), { once: true });
    })
    .catch(() => {}); // no service worker (blocked, private mode): the site works online as before
}
