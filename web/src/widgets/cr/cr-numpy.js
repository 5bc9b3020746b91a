// "Copy as NumPy" for <mathlet-cr>: a Python snippet that recomputes, for the factors, r and
// sampling on screen, the numbers the chips show (cr-approximation.md): the error ‖XY − CR‖²_F of
// the estimate, its expectation (R6), the SVD floor and ‖XY‖²_F. The random draws come from the
// library's SplitMix64 stream, which NumPy does not have: the snippet takes the widget's draws as
// they are (the estimate, the error and the rest are recomputed from them). The top-r rule is
// recomputed, and so is the table of selection rules with their refits (cr-numpy-subsets.js). A pure
// function of the state and the estimate on screen (its draws).
import { pyIntList, pyInt, pyMatrix, pyString, snippetHead } from '../parts/python-literal.js';
import { crNumpySubsets } from './cr-numpy-subsets.js';

const BODY = `
l = X.shape[1]
product = X @ Y


def fro2(M):
    return np.sum(M**2)  # the squared Frobenius norm


w = np.linalg.norm(X, axis=0) * np.linalg.norm(Y, axis=1)  # w_i = ||x_i|| ||y_i||, the weight of term i
if sampling == "top":
    kept = np.sort(np.argsort(-w, kind="stable")[:r])  # the r largest weights, ties to the smaller index
    estimate = X[:, kept] @ Y[kept, :]
    show("kept", kept)
else:
    # R5: r draws from p, each term weighted 1 / (r p_i), so that the estimate is unbiased.
    p = w / w.sum() if sampling == "optimal" and w.sum() > 0 else np.full(l, 1 / l)
    estimate = sum(np.outer(X[:, i], Y[i, :]) / (r * p[i]) for i in draws)
    show("probabilities", p)
    show("expected_error", (np.sum(w[p > 0] ** 2 / p[p > 0]) - fro2(product)) / r)  # R6
show("error", fro2(product - estimate))
sigma = np.linalg.svd(product, compute_uv=False)
show("floor", np.sum(sigma[r:] ** 2))  # Eckart-Young: the best rank-r error
show("product_norm_squared", fro2(product))
`;

/** The snippet for `state` ({ preset: { id, X, Y }, r, seed, sampling, keep }) and its estimate ({ draws }). */
export function crNumpy(state, { current }) {
  const random = state.sampling !== 'top';
  return [
    snippetHead('CR approximation of a matrix product XY (mathlets, cr-approximation.md)', [`X and Y are the preset ${state.preset.id}.`]),
    `X = ${pyMatrix(state.preset.X)}`,
    `Y = ${pyMatrix(state.preset.Y)}`,
    `r = ${pyInt(state.r)}`,
    `sampling = ${pyString(state.sampling)}`,
    random
      ? `# The widget's draws (its SplitMix64 stream, seed ${pyInt(state.seed)}), in draw order:\ndraws = ${pyIntList(current.draws)}`
      : '',
    BODY,
    crNumpySubsets(state),
  ].join('\n');
}
