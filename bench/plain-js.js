// What a JS user would write without mathlets: the textbook stable two-pass loops.
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
  const out = new Float64Array(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += out[i] = Math.exp((x[i] - m) / tau);
  for (let i = 0; i < x.length; i++) out[i] /= s;
  return out;
}
