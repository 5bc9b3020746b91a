// Touch handles over a chart: invisible 44 × 44 px boxes (a finger's target) centred on the points a
// reader can drag, such as a bar's top or an arrow's tip. Only they carry `touch-action: none`, so
// on a phone a drag that starts on one edits the chart, while a swipe anywhere else on the chart
// scrolls the page as it would anywhere on it. A mouse still drags from anywhere on the chart (the
// chart's own pointer listeners decide that; `startsDrag` below tells them which pointers may).
//
// They are HTML boxes laid over the SVG, not SVG shapes: Chromium ignores touch-action on SVG
// elements (a swipe that started on an <svg> <rect> with touch-action: none scrolled the page).
// Positions are percentages of a layer sized like the drawn chart, so placing them needs no layout.

export const dragHandleStyles = `
.drag-handles { position: absolute; left: 0; top: 0; pointer-events: none; }
.drag-handle { position: absolute; width: 44px; height: 44px; transform: translate(-50%, -50%); pointer-events: auto; touch-action: none; }
`;

/**
 * A pointerdown may start a drag if it comes from a mouse, or from a finger or pen on a handle
 * (elsewhere the browser may turn it into a scroll, and will cancel it).
 */
export function startsDrag(event) {
  return event.pointerType === 'mouse' || Boolean(event.target.closest?.('.drag-handle'));
}

/**
 * createDragHandles(frameElement) -> { place(svg, points) }: keeps a layer of handles in the chart's
 * box (a plot-frame element, which keeps it when it draws anew). place() puts one handle on each
 * { x, y } (in the pixels of `svg`, the chart as Plot drew it, before any scaling to fit its box).
 */
export function createDragHandles(frameElement) {
  const layer = document.createElement('div');
  layer.className = 'drag-handles';
  layer.setAttribute('aria-hidden', 'true'); // the chart's keyboard and fields are the accessible way
  frameElement.append(layer);

  function place(svg, points) {
    const width = Number(svg.getAttribute('width'));
    const height = Number(svg.getAttribute('height'));
    if (!(width > 0 && height > 0)) return;
    // The SVG is drawn at its width or, in a narrower box, scaled down to it (max-width: 100%).
    layer.style.width = `min(100%, ${width}px)`;
    layer.style.aspectRatio = `${width} / ${height}`;
    while (layer.children.length > points.length) layer.lastChild.remove();
    while (layer.children.length < points.length) {
      const handle = document.createElement('div');
      handle.className = 'drag-handle';
      layer.append(handle);
    }
    points.forEach(({ x, y }, i) => {
      const handle = layer.children[i];
      handle.dataset.index = String(i);
      handle.style.left = `${(100 * x) / width}%`;
      handle.style.top = `${(100 * y) / height}%`;
    });
  }

  return { place };
}
