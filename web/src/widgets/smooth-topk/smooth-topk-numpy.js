// "Copy as NumPy" for <mathlet-smooth-topk>: a Python snippet that recomputes, for the scores, k,
// tau and the method in focus, the mask the widget draws, its sum and the threshold λ (smooth-topk.md):
// ThreTopK by bisection on Σ f((x − λ)/τ) = k down to the last bit (the library uses closed forms
// or safeguarded Newton: the same root), GradTopK by the log-domain DP of §2.1, and the article's
// failing schemes as written (§1.1, §1.2, §2.5: the recursion, the 20-step bisection, I1, I2).
// For ThreTopK it also prints the Jacobian ∂p/∂x of §1.3 (the widget's table) and its row sums.
// I2 runs in double here; the library keeps its weights with an extended exponent, so the two part
// only where scores lie more than about 700 τ apart. A pure function of the state.
import { pyFloat, pyString, pyVector, snippetHead } from '../parts/python-literal.js';
import { scores } from './smooth-topk-state.js';

const THRESHOLD = `

def f(u, kind):
    """The threshold function, from e = exp(-|u|) so that nothing overflows."""
    e = np.exp(-np.abs(u))
    if kind == "threshold-exp":
        return np.where(u >= 0, 1.0, e)  # min(1, e^u)
    if kind == "threshold-piecewise":
        return np.where(u >= 0, 1 - e / 2, e / 2)
    return np.where(u >= 0, 1 / (1 + e), e / (1 + e))  # the sigmoid


def threshold_topk(kind):
    """ThreTopK: +inf scores get 1, -inf scores 0, the finite ones share what is left of k."""
    p = np.where(x == np.inf, 1.0, 0.0)
    finite = np.isfinite(x)
    budget = k - np.count_nonzero(x == np.inf)
    if not finite.any() or budget <= 0:
        return p, (np.inf if budget <= 0 and finite.any() else None)
    if budget >= np.count_nonzero(finite):
        p[finite] = 1.0
        return p, -np.inf
    top = x[finite].max()
    z = (x[finite] - top) / tau
    lo, hi = max(z.min() - 750, -np.finfo(float).max), 750.0  # the sum is all at lo, 0 at hi
    while lo < (mid := lo / 2 + hi / 2) < hi:  # bisection to the last bit
        if f(z - mid, kind).sum() > budget:
            lo = mid
        else:
            hi = mid
    p[finite] = f(z - mid, kind)
    return p, top + tau * mid


def fprime(u, kind):
    """f', from e = exp(-|u|): the weights s of the Jacobian."""
    e = np.exp(-np.abs(u))
    if kind == "threshold-exp":
        return np.where(u < 0, e, 0.0)  # 0 where the entry is saturated at 1
    if kind == "threshold-piecewise":
        return e / 2  # min(p, 1 - p)
    return e / (1 + e) ** 2  # p (1 - p)


def threshold_jacobian(kind, lam):
    """dp/dx = (diag(s) - s s^T / sum(s)) / tau, s = f'((x - lam) / tau) (smooth-topk.md 1.3); s = 0 at +-inf."""
    with np.errstate(invalid="ignore"):
        u = (x - lam) / tau
    s = np.where(np.isfinite(u), fprime(np.nan_to_num(u), kind), 0.0)
    if s.sum() == 0:
        return np.zeros((x.size, x.size))
    return (np.diag(s) - np.outer(s, s) / s.sum()) / tau
`;

const GRADTOPK = `

def gradtopk():
    """GradTopK by the log-domain DP of smooth-topk.md 2.1 (k whole; +inf scores get 1, -inf 0)."""
    p = np.where(x == np.inf, 1.0, 0.0)
    finite = np.isfinite(x)
    K = int(k) - np.count_nonzero(x == np.inf)
    if K <= 0 or not finite.any():
        return p
    z = (x[finite] - x[finite].max()) / tau
    m = z.size
    A = np.full((m + 2, K + 1), -np.inf)  # A[i][j] = log e_j(w_1..w_i), w = e^z
    B = np.full((m + 2, K + 1), -np.inf)  # B[i][j] = log e_j(w_i..w_m)
    A[0, 0] = B[m + 1, 0] = 0.0
    for i in range(1, m + 1):
        A[i, 0] = 0.0
        A[i, 1:] = np.logaddexp(A[i - 1, 1:], A[i - 1, :-1] + z[i - 1])
    for i in range(m, 0, -1):
        B[i, 0] = 0.0
        B[i, 1:] = np.logaddexp(B[i + 1, 1:], B[i + 1, :-1] + z[i - 1])
    L = [np.logaddexp.reduce(A[i - 1, :K] + B[i + 1, K - 1 :: -1]) for i in range(1, m + 1)]
    p[finite] = np.clip(np.exp(z + np.array(L) - A[m, K]), 0, 1)
    return p
`;

const ARTICLE = `

def gradtopk_recursion():
    """The article's recursion in log form; a difference that is not positive is its "log 0" event."""
    z = (x - x.max()) / tau
    logzi = z.copy()
    logz = np.logaddexp.reduce(logzi)
    for j in range(2, int(k) + 1):
        a, b = logz, logzi
        with np.errstate(divide="ignore", invalid="ignore"):
            logzi = np.where(b >= a, -np.inf, z + a + np.log1p(-np.exp(np.minimum(b - a, 0))))
        logz = np.logaddexp.reduce(logzi) - np.log(j)
    return np.exp(logzi - logz) if k >= 1 else np.zeros(x.size)


def sigmoid_bisection_article(steps=20):
    """The article's listing: 20 bisection steps, returning sigmoid(x - mid) at its last probe."""
    n = x.size
    if k == 0 or k == n:
        return np.full(n, k / n), None
    c = tau * np.log(k / (n - k))  # sigmoid^-1(k / n)
    lo, hi = x.min() - c, x.max() - c
    for _ in range(steps):
        mid = (lo + hi) / 2
        if f((x - mid) / tau, "threshold-sigmoid").sum() > k:
            lo = mid
        else:
            hi = mid
    return f((x - mid) / tau, "threshold-sigmoid"), mid


def iterative_su():
    """I1: x' = (x - min x) / tau; k rounds of p += softmax((1 - p) x')."""
    xs = np.minimum((x - x.min()) / tau, np.finfo(float).max)
    p = np.zeros(x.size)
    for _ in range(int(k)):
        y = (1 - p) * xs
        e = np.exp(y - y.max())
        p = p + e / e.sum()
    return p


def iterative_weighted():
    """I2: k rounds of p += softmax(x / tau; weights c), c = 1 - p (naive) or kept as its own array (exact)."""
    e = np.exp((x - x.max()) / tau)
    c, p = np.ones(x.size), np.zeros(x.size)
    for r in range(int(k)):
        a = c * e
        s = a / a.sum()
        p = p + s
        if complement == "naive":
            c = 1 - p
        elif r == 0:  # the first complement as the sum of the other terms, not 1 - p
            c = np.array([np.delete(e, i).sum() for i in range(x.size)]) / e.sum()
        else:
            c = c - s
    return p
`;

const RUN = `
if method.startswith("threshold-"):
    p, lam = threshold_topk(method)
elif method == "gradtopk":
    p, lam = gradtopk(), None
elif method == "gradtopk-recursion":
    p, lam = gradtopk_recursion(), None
elif method == "sigmoid-bisection-article":
    p, lam = sigmoid_bisection_article()
elif method == "iterative-su":
    p, lam = iterative_su(), None
else:
    p, lam = iterative_weighted(), None
show("p", p)
show("sum", p.sum())
if lam is not None:
    show("threshold", lam)  # lambda in the units of x
if method.startswith("threshold-") and lam is not None:
    J = threshold_jacobian(method, lam)
    show("jacobian", J)  # dp_i/dx_j, row by row
    show("jacobian_row_sums", J.sum(axis=1))  # 0: sum(p) stays k, and a shift of x changes nothing
`;

/** The snippet for `state` ({ x, extras, k, tau, method, complement }). */
export function smoothTopkNumpy(state) {
  return [
    snippetHead(`Smooth top-k: ${state.method} (mathlets, smooth-topk.md)`),
    `x = ${pyVector(scores(state))}`,
    `k = ${pyFloat(state.k)}`,
    `tau = ${pyFloat(state.tau)}`,
    `method = ${pyString(state.method)}`,
    `complement = ${pyString(state.complement)}  # I2's: exact or naive`,
    THRESHOLD,
    GRADTOPK,
    ARTICLE,
    RUN,
  ].join('\n');
}
