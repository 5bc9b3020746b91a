// Makes the site work offline once visited: registers the service worker (sw.js at the site's
// root, offline/service-worker.js as built for this build) and hands it the URL of every resource
// this page loads, so that what loaded before the worker controlled the page (on a first visit,
// everything up to its activation) is kept too; later requests also pass through the worker itself.
// The built site only: the dev server's modules change with every edit.
// This module is built into <site>/assets/ (the site's root is one up, under any base path).
const root = new URL(/* @vite-ignore */ '../', import.meta.url);

function handOver(worker, urls) {
  worker?.postMessage({ type: 'keep', urls });
}

if (import.meta.env.PROD && 'serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker
    .register(new URL('sw.js', root), { scope: root.href })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const worker = () => navigator.serviceWorker.controller ?? registration.active;
      handOver(worker(), [location.href.split('#')[0]]);
      // Every resource: those loaded so far (buffered) and those that finish later. A request that
      // started before the worker controlled the page (MathJax's script, on a first visit) went
      // past it and can finish after the worker took over, so it is handed over too. The worker
      // skips what it already keeps, so the rest costs it a cache lookup.
      new PerformanceObserver((list) =>
        handOver(
          worker(),
          list.getEntries().map((entry) => entry.name),
        ),
      ).observe({ type: 'resource', buffered: true });
    })
    .catch(() => {}); // no service worker (blocked, private mode): the site works online as before
}
