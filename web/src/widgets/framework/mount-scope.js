// The widget being built right now, so that a shared part created deep inside a view (a plot
// frame's ResizeObserver, three calls below the widget) can register its undo with that widget's
// teardown without every constructor in between taking a `teardown` argument. A view is built
// synchronously inside withMountScope(), so "the current widget" is unambiguous there.
let current = null;

/** Runs `build()` with `teardown` as the current widget's; returns what build returns. */
export function withMountScope(teardown, build) {
  const outer = current;
  current = teardown;
  try {
    return build();
  } finally {
    current = outer;
  }
}

/**
 * Registers `undo` with the widget being built, if any. Outside a widget (a part used on its own)
 * nothing is registered and the caller keeps its own disconnect().
 */
export function onWidgetTeardown(undo) {
  current?.add(undo);
}
