// The part of <mathlet-cr>'s "Copy as NumPy" snippet that recomputes its table of selection rules
// (cr-subsets.js): the terms top-r, greedy k-tuple dropping (R9) and the exhaustive best subset keep,
// and the reader's pick; for each, the error with weights 1, with the optimal diagonal weights (R11)
// and with the optimal middle matrix C⁺ XY R⁺ (R10). Appended to cr-numpy.js's snippet, whose
// names (X, Y, r, l, product, w, fro2) it uses.
import { pyInt, pyIntList } from '../parts/python-literal.js';
import { BEST_CAP, greedyK } from './cr-subsets.js';

const BODY = `
import itertools
from math import comb


def fits(S):
    """Errors of the kept terms S: weights 1, best diagonal weights (R11), best middle matrix (R10)."""
    S = list(S)
    C, R = X[:, S], Y[S, :]
    lam = np.linalg.pinv((C.T @ C) * (R @ R.T)) @ ((C.T @ X) * (R @ Y.T)).sum(axis=1)
    middle = np.linalg.pinv(C) @ product @ np.linalg.pinv(R)
    return [fro2(C @ R - product), fro2(C @ np.diag(lam) @ R - product), fro2(C @ middle @ R - product)]


def greedy(k):
    """R9: drop the k terms whose sum has the smallest norm until r remain (ties: the largest tuple)."""
    G = (X.T @ X) * (Y @ Y.T)  # <v_i, v_j> = (x_i . x_j)(y_i . y_j), v_i the flattened term i
    kept = list(range(l))
    while len(kept) > r:
        drop = min(itertools.combinations(kept, k), key=lambda T: (G[np.ix_(T, T)].sum(), [-i for i in T]))
        kept = [i for i in kept if i not in drop]
    return kept


rules = {"top": np.sort(np.argsort(-w, kind="stable")[:r]), "greedy": greedy(greedy_k)}
if comb(l, r) <= best_cap:  # the exhaustive search: the first best subset in lexicographic order
    rules["best"] = min(itertools.combinations(range(l), r), key=lambda S: fro2(X[:, S] @ Y[S, :] - product))
if pick:
    rules["pick"] = pick
for name, S in rules.items():
    show(name + "_kept", np.sort(S))
    show(name + "_errors", fits(S))  # weights 1, best diagonal weights, best middle matrix
`;

/** The snippet's lines for the table at `state` ({ preset, r, keep }). */
export function crNumpySubsets(state) {
  const l = state.preset.X[0].length;
  return [
    '',
    '# The selection rules at r, each with its two refits.',
    `greedy_k = ${pyInt(greedyK(l, state.r))}  # pairs when they divide l - r (and l <= 40), else one term at a time`,
    `best_cap = ${pyInt(BEST_CAP)}  # the widget tries every subset only up to this many`,
    `pick = ${pyIntList(state.keep)}  # your own pick`,
    BODY,
  ].join('\n');
}
