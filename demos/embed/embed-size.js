// The embed page's side of the resize protocol: whenever the page's height changes, it posts
//   { type: 'mathlet-embed:size', height }   (CSS px)
// to the page that framed it, where the host script (demos/public/embed/host.js) sets the iframe's
// height, so the widget never scrolls inside its frame. Only a number leaves the page, so any
// parent may hear it.
export const SIZE_MESSAGE = 'mathlet-embed:size';

export function reportSize() {
  if (window.parent === window) return; // not framed: nobody to tell
  let last = 0;
  const post = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: SIZE_MESSAGE, height }, '*');
  };
  new ResizeObserver(post).observe(document.documentElement);
  post();
}
