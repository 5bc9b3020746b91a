// Tick values for a log axis: whole powers of ten inside [lo, hi], thinned to every second or
// fourth decade when the range is long, so a log plot never draws a comb of unlabelled minor ticks.

/** Powers of ten in [lo, hi], at most about `most` of them; none for a range a log axis cannot show. */
export function decadeTicks(lo, hi, most = 7) {
  if (!(lo > 0 && hi >= lo && Number.isFinite(hi))) return []; // log10(0) = -inf would never end the loop
  const top = Math.floor(Math.log10(hi));
  const bottom = Math.ceil(Math.log10(lo));
  const every = [1, 2, 4, 5, 10].find((step) => (top - bottom) / step + 1 <= most) ?? 20;
  const out = [];
  for (let k = top; k >= bottom; k--) if (k % every === 0) out.push(10 ** k);
  return out;
}

/** "1e-8", "0.01", "1", "100", "1e4": short labels for decade ticks. */
export function decadeLabel(d) {
  const k = Math.round(Math.log10(d));
  return k >= -2 && k <= 3 ? String(10 ** k >= 1 ? 10 ** k : Number((10 ** k).toFixed(-k))) : `1e${k}`;
}
