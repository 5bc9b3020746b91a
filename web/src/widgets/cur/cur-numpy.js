// "Copy as NumPy" for <mathlet-cur>: a Python snippet that recomputes, for the matrix, r, selection
// and middle matrix on screen, the numbers the chips show (cur-decomposition.md): ‖M − CUR‖²_F, the
// SVD floor and their ratio, κ(W) and |det W| of the intersection W. The deterministic selections
// (DEIM, leverage-top, pivoted QR) are recomputed; the uniform draws (the library's SplitMix64
// stream) and max volume (an enumeration) are taken from the widget as they are. A pure function
// of the state and the decomposition on screen (its chosen rows and columns).
import { pyIntList, pyMatrix, pyString, snippetHead } from '../parts/python-literal.js';

const RECOMPUTED = new Set(['deim', 'leverage-top', 'pivoted-qr']);

const SELECTIONS = `
U_M, s_M, Vt_M = np.linalg.svd(M, full_matrices=False)


def deim(B):
    """DEIM on the columns of the basis B: each pick is the largest entry of what is left."""
    picks = [int(np.argmax(np.abs(B[:, 0])))]
    for j in range(1, B.shape[1]):
        c = np.linalg.solve(B[picks, :j], B[picks, j])
        picks.append(int(np.argmax(np.abs(B[:, j] - B[:, :j] @ c))))
    return picks


def leverage_top(B):
    """The r largest leverage scores (squared row norms of the basis B), ties to the smaller index."""
    return [int(i) for i in np.argsort(-np.sum(B**2, axis=1), kind="stable")[: B.shape[1]]]


def pivoted_qr(A, count):
    """The first pivots of a column-pivoted QR: each time the column with the most left after projection."""
    rest, picks = A.copy(), []
    for _ in range(count):
        norms = np.sum(rest**2, axis=0)
        norms[picks] = -1
        j = int(np.argmax(norms))
        picks.append(j)
        q = rest[:, j] / np.linalg.norm(rest[:, j])
        rest = rest - np.outer(q, q @ rest)
    return picks


if select == "deim":
    rows, cols = deim(U_M[:, :r]), deim(Vt_M[:r].T)
elif select == "leverage-top":
    rows, cols = leverage_top(U_M[:, :r]), leverage_top(Vt_M[:r].T)
elif select == "pivoted-qr":
    rows, cols = pivoted_qr(M.T, r), pivoted_qr(M, r)
`;

const BODY = `
C, R = M[:, cols], M[rows, :]
W = M[np.ix_(rows, cols)]  # the intersection
if middle == "optimal":
    U = np.linalg.pinv(C, rcond=max(C.shape) * np.finfo(float).eps) @ M @ np.linalg.pinv(R, rcond=max(R.shape) * np.finfo(float).eps)
else:
    U = np.linalg.pinv(W, rcond=max(W.shape) * np.finfo(float).eps)
error = np.sum((M - C @ U @ R) ** 2)
floor = np.sum(np.linalg.svd(M, compute_uv=False)[r:] ** 2)  # Eckart-Young: the best rank-r error
s_W = np.linalg.svd(W, compute_uv=False)
show("rows", rows)  # in the order chosen
show("cols", cols)
show("error", error)  # ||M - CUR||_F^2
show("floor", floor)
show("ratio", error / floor if floor > 1e-12 * max(1, error) else float("nan"))
show("kappa_W", s_W[0] / s_W[-1] if s_W[-1] > 0 else float("inf"))
show("abs_det_W", abs(np.linalg.det(W)))
`;

/** The snippet for `state` ({ preset, r, select, middle, seed }) and the decomposition on screen ({ result }). */
export function curNumpy(_state, { shown, result }) {
  const select = shown.select;
  const taken = RECOMPUTED.has(select)
    ? ''
    : [
        `# The widget's choice (${select === 'uniform' ? `its SplitMix64 stream, seed ${shown.seed}` : 'an enumeration of every choice'}):`,
        `rows = ${pyIntList(result.rows)}`,
        `cols = ${pyIntList(result.cols)}`,
      ].join('\n');
  return [
    snippetHead('CUR decomposition (mathlets, cur-decomposition.md)', [`M is the preset ${shown.preset.id}.`]),
    `M = ${pyMatrix(shown.preset.matrix)}`,
    `r = ${shown.r}`,
    `select = ${pyString(select)}`,
    `middle = ${pyString(shown.middle)}  # optimal: C+ M R+; intersection: W+`,
    taken,
    RECOMPUTED.has(select) ? SELECTIONS : '',
    BODY,
  ].join('\n');
}
