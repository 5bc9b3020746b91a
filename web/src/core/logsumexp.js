// logsumexp, softmax, their derivatives and the bounds of the logsumexp article, over the wasm core.
import { numberArg, optionsArg, vectorArg } from './arguments.js';
import { unwrap, withScratch } from './heap.js';

const isF32 = (x) => x instanceof Float32Array;

export function logsumexpApi(M) {
  function logsumexp(x, options) {
    const fn = 'logsumexp';
    const { tau } = optionsArg(fn, options, ['tau']);
    const data = vectorArg(fn, 'x', x, { allowEmpty: true });
    const t = numberArg(fn, 'tau', tau, 1);
    return withScratch(M, (s) => {
      const ptr = s.put(data);
      return unwrap(fn, isF32(data) ? M.lse_f32(ptr, data.length, t) : M.lse_f64(ptr, data.length, t));
    });
  }

  function softmax(x, options) {
    const fn = 'softmax';
    const { tau } = optionsArg(fn, options, ['tau']);
    const data = vectorArg(fn, 'x', x, { allowEmpty: true });
    const t = numberArg(fn, 'tau', tau, 1);
    const Ctor = isF32(data) ? Float32Array : Float64Array;
    return withScratch(M, (s) => {
      const ptr = s.put(data);
      const result = s.alloc(data.length, Ctor);
      unwrap(fn, (isF32(data) ? M.softmax_f32 : M.softmax_f64)(ptr, data.length, t, result));
      return s.take(result, data.length, Ctor);
    });
  }

  // Value and gradient of lse_tau: dx = softmax(x/tau), dtau = entropy of softmax(x/tau).
  function lseGradient(x, options) {
    const fn = 'lseGradient';
    const { tau } = optionsArg(fn, options, ['tau']);
    const data = Float64Array.from(vectorArg(fn, 'x', x, { allowEmpty: true }));
    const t = numberArg(fn, 'tau', tau, 1);
    return withScratch(M, (s) => unwrap(fn, M.lse_gradient(s.put(data), data.length, t)));
  }

  // Hessian of lse_tau, (diag(s) - s s^T) / tau, as a row-major n x n matrix.
  function lseHessian(x, options) {
    const fn = 'lseHessian';
    const { tau } = optionsArg(fn, options, ['tau']);
    const data = Float64Array.from(vectorArg(fn, 'x', x, { allowEmpty: true }));
    if (data.length > 4096) throw new RangeError(`${fn}: x has ${data.length} entries; the Hessian is limited to n <= 4096`);
    const t = numberArg(fn, 'tau', tau, 1);
    const h = withScratch(M, (s) => unwrap(fn, M.lse_hessian(s.put(data), data.length, t)));
    return { rows: data.length, cols: data.length, data: h };
  }

  function renyiEntropy(p, t) {
    const fn = 'renyiEntropy';
    const data = Float64Array.from(vectorArg(fn, 'p', p, { allowEmpty: true }));
    const order = numberArg(fn, 't', t, 1);
    return withScratch(M, (s) => unwrap(fn, M.renyi_entropy(s.put(data), data.length, order)));
  }

  // Every bound of the article on x, each with its value and slack; p and t feed the
  // lower-bound family (R4-R6), y and mix the Lipschitz (R7) and convexity (R8) checks.
  function lseBounds(x, options) {
    const fn = 'lseBounds';
    const o = optionsArg(fn, options, ['tau', 'p', 't', 'y', 'mix']);
    const data = Float64Array.from(vectorArg(fn, 'x', x, { allowEmpty: true }));
    const tau = numberArg(fn, 'tau', o.tau, 1);
    const t = numberArg(fn, 't', o.t, 3);
    const mix = numberArg(fn, 'mix', o.mix, 0.5);
    const p = o.p === undefined ? null : Float64Array.from(vectorArg(fn, 'p', o.p, { finite: true }));
    const y = o.y === undefined ? null : Float64Array.from(vectorArg(fn, 'y', o.y));
    return withScratch(M, (s) => {
      const xp = s.put(data);
      const pp = p ? s.put(p) : 0;
      const yp = y ? s.put(y) : 0;
      return unwrap(fn, M.lse_bounds(xp, data.length, tau, pp, p ? p.length : 0, t, yp, y ? y.length : 0, mix));
    });
  }

  return { logsumexp, softmax, lseGradient, lseHessian, renyiEntropy, lseBounds };
}
