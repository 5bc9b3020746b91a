// mathlets embed host: optional, for pages that allow one script. It sizes every mathlets iframe
// (/embed/#<widget>=...) on the page to its content, so the widget shows whole without a scrollbar:
//   <script src="https://<mathlets site>/embed/host.js" async></script>
// The embed page posts { type: 'mathlet-embed:size', height } to its parent (demos/embed/embed-size.js);
// this script sets that height on the one iframe whose window sent it, and on nothing else.
(() => {
  if (window.mathletsEmbedHost) return; // the script twice on a page: one listener
  window.mathletsEmbedHost = true;
  const MAX_HEIGHT = 20000;
  addEventListener('message', (event) => {
    const data = event.data;
    if (data?.type !== 'mathlet-embed:size' || typeof data.height !== 'number') return;
    if (!(data.height > 0 && data.height <= MAX_HEIGHT)) return;
    for (const frame of document.querySelectorAll('iframe')) {
      if (frame.contentWindow === event.source) {
        frame.style.height = `${Math.ceil(data.height)}px`;
        return;
      }
    }
  });
})();
