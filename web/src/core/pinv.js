// The Moore-Penrose pseudo-inverse and its companions (singular values, least squares, the four
// Penrose residuals, the eigen route and the ridge limit), over the wasm core.
import { describe, numberArg, optionsArg, vectorArg } from './arguments.js';
import { callWithMatrices, unwrap, withScratch } from './heap.js';
import { matrixArg } from './matrix.js';

// In the order of the core's PinvMethod enum; 'auto' is the default of pinv and lstsq.
const METHODS = ['bdcsvd', 'jacobi', 'cod', 'auto'];

function methodArg(fn, value, allowed = METHODS) {
  if (value === undefined) return METHODS.indexOf(allowed.includes('auto') ? 'auto' : 'bdcsvd');
  if (!allowed.includes(value)) {
    throw new (typeof value === 'string' ? RangeError : TypeError)(
      `${fn}: method must be one of ${allowed.join(', ')} (got ${describe(value)})`,
    );
  }
  return METHODS.indexOf(value);
}

export function pinvApi(M) {
  const withMatrices = (fn, matrices, binding, ...rest) => callWithMatrices(M, fn, matrices, binding, ...rest);

  function tolerances(fn, o) {
    return [numberArg(fn, 'rtol', o.rtol, NaN), numberArg(fn, 'atol', o.atol, 0)];
  }

  /** A^+ with its numerical rank, singular values, sigma_1 and the tolerance used. */
  function pinv(A, options) {
    const fn = 'pinv';
    const o = optionsArg(fn, options, ['method', 'rtol', 'atol']);
    const a = matrixArg(fn, 'A', A);
    const r = withMatrices(fn, [a], M.pinv, methodArg(fn, o.method), ...tolerances(fn, o));
    return { ...r, method: o.method ?? 'auto' };
  }

  function singularValues(A, options) {
    const fn = 'singularValues';
    const o = optionsArg(fn, options, ['method']);
    return withMatrices(fn, [matrixArg(fn, 'A', A)], M.singular_values, methodArg(fn, o.method, ['bdcsvd', 'jacobi']));
  }

  function penroseResiduals(A, X) {
    const fn = 'penroseResiduals';
    return withMatrices(fn, [matrixArg(fn, 'A', A), matrixArg(fn, 'X', X)], M.penrose_residuals);
  }

  /** Minimum-norm least squares x = A^+ b; b is a vector or a matrix with one column per right-hand side. */
  function lstsq(A, b, options) {
    const fn = 'lstsq';
    const o = optionsArg(fn, options, ['method', 'rtol', 'atol']);
    const a = matrixArg(fn, 'A', A);
    const isVector = Array.isArray(b) ? typeof b[0] !== 'object' : ArrayBuffer.isView(b);
    const rhs = isVector
      ? (() => {
          const v = Float64Array.from(vectorArg(fn, 'b', b, { allowEmpty: true }));
          return { rows: v.length, cols: 1, data: v };
        })()
      : matrixArg(fn, 'b', b);
    const r = withMatrices(fn, [a, rhs], M.lstsq, methodArg(fn, o.method), ...tolerances(fn, o));
    return isVector ? { ...r, x: r.x.data, residualNorm: r.residualNorms[0] } : r;
  }

  /** The article's eigen route A^+ = U Lambda^+ U^T A^T (a teaching visual: it loses small singular values). */
  function pinvEig(A, options) {
    const fn = 'pinvEig';
    const o = optionsArg(fn, options, ['rtol']);
    return withMatrices(fn, [matrixArg(fn, 'A', A)], M.pinv_eig, numberArg(fn, 'rtol', o.rtol, NaN));
  }

  /** (A^T A + eps I)^-1 A^T, stable (from one SVD) or naive (formed and solved as written). */
  function ridge(A, eps, options) {
    const fn = 'ridge';
    const o = optionsArg(fn, options, ['form']);
    const forms = ['stable', 'naive'];
    const form = o.form === undefined ? 0 : forms.indexOf(o.form);
    if (form < 0) throw new RangeError(`${fn}: form must be one of stable, naive (got ${describe(o.form)})`);
    return withMatrices(fn, [matrixArg(fn, 'A', A)], M.ridge, numberArg(fn, 'eps', eps), form);
  }

  /** ||R_eps - A^+|| for each eps: stable, naive and exact, plus ||(A^T A + eps I)^-1||. */
  function ridgeCurve(A, epsValues) {
    const fn = 'ridgeCurve';
    const a = matrixArg(fn, 'A', A);
    const eps = Float64Array.from(vectorArg(fn, 'eps', epsValues));
    return withScratch(M, (s) => unwrap(fn, M.ridge_curve(s.put(a.data), a.rows, a.cols, s.put(eps), eps.length)));
  }

  return { pinv, singularValues, penroseResiduals, lstsq, pinvEig, ridge, ridgeCurve };
}
