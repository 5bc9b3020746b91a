// The widget half of bench/browser.bench.js. ?tag=mathlet-x puts that element, with no attributes (its
// default size), 3000 px down the page. window.widgetBench exposes:
//   scrollToReady(): ms from jumping it into view to data-state="ready" (its first interactive render);
//   scrollAtReaderPace(pxPerSecond): scrolls down from the top at that steady pace; ms from its top edge
//     entering the viewport to "ready" (0 when it was ready before), which the lazy margin shortens;
//   updates(name, values, count): per update, the synchronous part of setAttribute (parsing and the core
//     call) plus the widget's own '<tag> render' measure, and the time until that measure ended.
import '../../web/src/widgets/index.js';

const tag = new URLSearchParams(location.search).get('tag');
const host = document.createElement(tag);
document.getElementById('slot').append(host);

function whenReady() {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (host.dataset.state === 'ready') {
        observer.disconnect();
        resolve();
      }
      if (host.dataset.state === 'error') {
        observer.disconnect();
        reject(new Error(`${tag} failed to load`));
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(host, { attributes: true, attributeFilter: ['data-state'] });
    check();
  });
}

function nextRender() {
  return new Promise((resolve) => {
    const observer = new PerformanceObserver((list) => {
      const entry = list.getEntries().find((e) => e.name === `${tag} render`);
      if (entry) {
        observer.disconnect();
        resolve(entry);
      }
    });
    observer.observe({ entryTypes: ['measure'] });
  });
}

window.widgetBench = {
  tag,
  state: () => host.dataset.state,
  async scrollToReady() {
    const started = performance.now();
    host.scrollIntoView({ block: 'start' });
    await whenReady();
    return performance.now() - started;
  },
  async scrollAtReaderPace(pxPerSecond) {
    window.scrollTo(0, 0);
    let entered = null;
    let ready = null;
    whenReady().then(() => {
      ready = performance.now();
    });
    const started = performance.now();
    return new Promise((resolve) => {
      const step = (now) => {
        window.scrollTo(0, ((now - started) * pxPerSecond) / 1000);
        entered ??= host.getBoundingClientRect().top < innerHeight ? now : null;
        if (entered != null && ready != null) resolve(Math.max(0, ready - entered));
        else requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
  },
  async updates(name, values, count) {
    const samples = [];
    for (let i = 0; i < count; i++) {
      const rendered = nextRender();
      const started = performance.now();
      host.setAttribute(name, values[i % values.length]);
      const sync = performance.now() - started;
      const entry = await rendered;
      samples.push({ sync, render: entry.duration, untilRendered: entry.startTime + entry.duration - started });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return samples;
  },
};
