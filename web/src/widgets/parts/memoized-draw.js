// A chart drawn again only when what it would show changed: its caller names that by a signature
// (a version, the inputs, the language), and the view is built only when the signature is new. A
// chart costs a few milliseconds; an update must fit a frame.

/** memoized(draw) -> (signature, view) -> drawn: calls draw(view()) when signature differs from the last one drawn. */
export function memoized(draw) {
  let last = null;
  return (signature, view) => {
    if (signature === last) return false;
    last = signature;
    draw(view());
    return true;
  };
}
