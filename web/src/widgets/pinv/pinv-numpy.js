// "Copy as NumPy" for <mathlet-pinv>: a Python snippet that recomputes, for the matrix, route,
// tolerance and ε on screen, what the widget shows (pseudo-inverse.md): the singular values, the
// tolerance and rank, A⁺ by the route in focus (the SVD routes and COD are all the SVD's A⁺ in
// exact arithmetic; the eigen route of R8 goes through AᵀA), its four Penrose residuals, its
// distance from the SVD's A⁺, and the ridge point at ε (R7, R10). A pure function of the state.
import { pyFloat, pyMatrix, pyString, snippetHead } from '../parts/python-literal.js';

const BODY = `
n, m = A.shape
default_rtol = max(n, m) * np.finfo(float).eps  # SciPy's default
if rtol is None:
    rtol = default_rtol


def fro(M):
    """The Frobenius norm, scaled by the largest entry first so that no square overflows or underflows."""
    s = np.abs(M).max() if M.size else 0.0
    return s * np.linalg.norm(M / s) if s > 0 else 0.0


def relative(top, bottom):
    b = fro(bottom)
    return fro(top) / b if b > 0 else fro(top)  # 0 / 0 counts as 0


U, s, Vt = np.linalg.svd(A, full_matrices=False)  # s descending
sigma_1 = s[0] if s.size else 0.0
tol = max(rtol * sigma_1, np.finfo(float).tiny)
keep = s > tol  # the numerical rank: singular values above the tolerance
X_svd = (Vt[keep].T / s[keep]) @ U[:, keep].T
X, rank = X_svd, np.count_nonzero(keep)
if route == "eig":  # R8: A+ = W diag(1/lambda) W^T A^T over the eigenvalues of A^T A above rtol * lambda_max
    lam, W = np.linalg.eigh(A.T @ A)
    kept = (lam > rtol * max(lam.max(), 0)) & (lam >= np.finfo(float).tiny)
    X = (W[:, kept] / lam[kept]) @ W[:, kept].T @ A.T
    rank = np.count_nonzero(kept)
show("singular_values", s)
show("tolerance", tol)
show("rank", rank)
show("pinv", X)  # row-major, m x n
show("penrose_axa", relative(A @ X @ A - A, A))
show("penrose_xax", relative(X @ A @ X - X, X))
show("penrose_ax_symmetric", relative(A @ X - (A @ X).T, A @ X))
show("penrose_xa_symmetric", relative(X @ A - (X @ A).T, X @ A))
show("difference_from_svd", relative(X - X_svd, X_svd))
# The ridge point at eps (R7): R_eps = (A^T A + eps I)^-1 A^T, stably from the SVD, and its distance
# from A+ (both at the default tolerance, whatever rtol is above).
on = s > max(default_rtol * sigma_1, np.finfo(float).tiny)
sk = s[on]
A_plus = (Vt[on].T / sk) @ U[:, on].T
R_eps = (Vt[on].T * (1 / (sk + eps / sk))) @ U[:, on].T
show("ridge_stable_error", fro(R_eps - A_plus))
show("ridge_exact_error", np.sqrt(np.sum(eps**2 / (sk**2 * (sk**2 + eps) ** 2))))  # R10
lam_min = s[-1] ** 2 if s.size == m else 0.0  # the smallest eigenvalue of A^T A (m x m)
show("ridge_inverse_norm", 1 / (lam_min + eps))
# The naive route (solve with A^T A formed) only shows rounding: its numbers differ with the library.
try:
    show("ridge_naive_error", fro(np.linalg.solve(A.T @ A + eps * np.eye(m), A.T) - A_plus))
except np.linalg.LinAlgError:
    show("ridge_naive_error", float("nan"))  # A^T A + eps I is singular in floating point
`;

/** The snippet for `state` ({ A, rtol, route, eps, preset }). */
export function pinvNumpy(state) {
  const source = state.preset === 'custom' ? 'your matrix' : `the preset ${state.preset}`;
  return [
    snippetHead('Moore-Penrose pseudo-inverse (mathlets, pseudo-inverse.md)', [`A is ${source}.`]),
    `A = ${pyMatrix(state.A)}`,
    `rtol = ${state.rtol === null ? 'None  # the default' : pyFloat(state.rtol)}`,
    `route = ${pyString(state.route)}  # bdcsvd, jacobi and cod give the SVD's A+; eig goes through A^T A`,
    `eps = ${pyFloat(state.eps)}  # the ridge parameter`,
    BODY,
  ].join('\n');
}
