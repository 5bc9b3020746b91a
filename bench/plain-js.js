// What a JS user would write without mathlets: the textbook stable loops.
export function logsumexpJs(x, tau = 1) {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i];
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp((x[i] - m) / tau);
  return m + tau * Math.log(s);
}

export function softmaxJs(x, tau = 1) {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i];
  const out = new x.constructor(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += out[i] = Math.exp((x[i] - m) / tau);
  for (let i = 0; i < x.length; i++) out[i] /= s;
  return out;
}

/** Clip a list of tensors by their global L2 norm, returning scaled copies (PyTorch's clip_grad_norm_ rule). */
export function clipByGlobalNormJs(grads, maxNorm) {
  let q = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) q += g[i] * g[i];
  const norm = Math.sqrt(q);
  const scale = norm > maxNorm ? maxNorm / norm : 1;
  const tensors = grads.map((g) => {
    const out = new g.constructor(g.length);
    for (let i = 0; i < g.length; i++) out[i] = g[i] * scale;
    return out;
  });
  return { norm, scale, clipped: scale < 1, tensors };
}
