// Whether a panel of the widget is on screen (or within 300 px of it), for the views that are
// costly to draw: a change while a panel is off screen only marks it stale, and the panel is
// drawn when it comes near the viewport. Editing x at the top of the widget then does not pay for
// the smooth-max surface or the segment far below it. Until the first report the panel counts as
// on screen, so the widget's first render draws everything.
import { onWidgetTeardown } from '../framework/mount-scope.js';

/** watchOnScreen(element, onShown) -> { get near(): boolean }; onShown() when it comes near the viewport. */
export function watchOnScreen(element, onShown) {
  let near = true;
  if (typeof IntersectionObserver !== 'function') return { near: true };
  const observer = new IntersectionObserver(
    (entries) => {
      const was = near;
      near = entries.at(-1).isIntersecting;
      if (near && !was) onShown();
    },
    { rootMargin: '300px 0px' },
  );
  observer.observe(element);
  // Built inside a widget's view: the observer goes when the widget leaves the page.
  onWidgetTeardown(() => observer.disconnect());
  return {
    get near() {
      return near;
    },
  };
}
