// The widget half of bench/browser.bench.js. ?tag=mathlet-x puts that element, with no attributes (its
// default size) or those of ?attrs, 3000 px down the page. window.widgetBench exposes:
//   scrollToReady(openFor = 0): ms from jumping it into view to data-state="ready" (its first interactive
//     render), the jump made once the page has been open openFor ms (a reader following a link to it);
//   scrollAtReaderPace(pxPerSecond): scrolls down from the top at that steady pace; ms from its top edge
//     entering the viewport to "ready" (0 when it was ready before), which the lazy margin shortens;
//   updates(name, values, count): per update, the synchronous part of setAttribute (parsing and the core
//     call), the widget's own '<tag> render' measure that follows, and the time until that measure
//     ended. A widget that leaves a large change to its worker marks itself data-pending while the
//     numbers on screen are the last state's: then also the render that draws the worker's answer
//     (`later`), and the time until it ended.
import '../../web/src/widgets/index.js';

const query = new URLSearchParams(location.search);
const tag = query.get('tag');
const host = document.createElement(tag);
// ?attrs={"n":"512",...}: the widget's attributes (bench/browser.bench.js puts it at its limits so).
for (const [name, value] of Object.entries(JSON.parse(query.get('attrs') ?? '{}'))) host.setAttribute(name, value);
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

// The '<tag> render' measures that follow a change: the first, and the last one needed to show the
// change, which is the first after data-pending went if the change made the host pending (the
// worker's answer, committed and drawn in a frame after). A change the widget refuses draws
// nothing: after 15 s this fails, naming the change and what the widget's status line
// (framework/status-line.js) says, rather than wait for ever.
// -> { done: Promise<{ first, last }> }; call before the change.
function watchRenders(change) {
  const renders = [];
  let wasPending = false;
  let clearedAt = null;
  let finish;
  let fail;
  const done = new Promise((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const stop = () => {
    observer.disconnect();
    pendingWatch.disconnect();
    clearTimeout(timer);
  };
  const check = () => {
    if (host.dataset.pending !== undefined) wasPending = true;
    else if (wasPending && clearedAt === null) clearedAt = performance.now();
    const last = wasPending ? renders.find((entry) => clearedAt !== null && entry.startTime >= clearedAt) : renders[0];
    if (renders.length && last) {
      stop();
      finish({ first: renders[0], last });
    }
  };
  const observer = new PerformanceObserver((list) => {
    renders.push(...list.getEntries().filter((e) => e.name === `${tag} render`));
    check();
  });
  observer.observe({ entryTypes: ['measure'] });
  const pendingWatch = new MutationObserver(check);
  pendingWatch.observe(host, { attributes: true, attributeFilter: ['data-pending'] });
  const timer = setTimeout(() => {
    stop();
    const status = host.shadowRoot?.querySelector('.status')?.textContent?.trim();
    fail(new Error(`${tag}: no render within 15 s of ${change}${status ? ` (status: ${status})` : ''}`));
  }, 15_000);
  return { done };
}

window.widgetBench = {
  tag,
  state: () => host.dataset.state,
  async scrollToReady(openFor = 0) {
    // performance.now() counts from the navigation: a reader who follows the jump link after reading for a moment.
    if (performance.now() < openFor) await new Promise((resolve) => setTimeout(resolve, openFor - performance.now()));
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
      const value = values[i % values.length];
      const watch = watchRenders(`${name}="${value}"`);
      const started = performance.now();
      host.setAttribute(name, value);
      const sync = performance.now() - started;
      const { first, last } = await watch.done;
      samples.push({
        sync,
        render: first.duration,
        later: last === first ? 0 : last.duration,
        untilRendered: last.startTime + last.duration - started,
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return samples;
  },
};
