// "Copy as NumPy" for <mathlet-performer>: a Python snippet that recomputes, for the state on
// screen, what the maps and the headline show (performer.md R10–R12): the softmax weights S, the
// Performer estimate P̂ from the same random features W (the core's draw, embedded: its SplitMix64
// stream is not reproduced here), the total variation of each row, its mean and largest value, and
// the number of negative weights. Q, K and W are written out in full (exact doubles), so the snippet
// of a large state is long. Positive and hyperbolic features are evaluated in the log domain of R12
// (key column maxima moved onto the queries); trig ones with the key norm shifted out (R12, trig).
import { pyFloat, pyMatrix, pyString, rowsOf, snippetHead } from '../parts/python-literal.js';

const BODY = `

def log_features(X):
    """log phi(x') up to a per-row constant: omega . x' - |x'|^2 / 2 (hyperbolic: both signs of omega)."""
    Xs = X * np.sqrt(scale)
    L = Xs @ W.T - 0.5 * np.sum(Xs**2, axis=1, keepdims=True)
    return np.hstack([L, L - 2 * (Xs @ W.T)]) if kind == "hyperbolic" else L


def estimate():
    """The unnormalised estimate A-hat of exp(s q.k), row i up to a constant factor."""
    if kind == "trig":
        Qs, Ks = Q * np.sqrt(scale), K * np.sqrt(scale)
        key = 0.5 * np.sum(Ks**2, axis=1)
        key_factor = np.exp(key - key.max())  # e^{|k'|^2/2}, shifted; the query's factor cancels
        return np.cos(Qs @ W.T) @ (np.cos(Ks @ W.T) * key_factor[:, None]).T + np.sin(Qs @ W.T) @ (
            np.sin(Ks @ W.T) * key_factor[:, None]
        ).T
    LQ, LK = log_features(Q), log_features(K)
    c = LK.max(axis=0)  # each feature's largest key term, moved onto the queries (R12)
    A = LQ + c
    w = np.exp(A - A.max(axis=1, keepdims=True))
    return w @ np.exp(LK - c).T


n = Q.shape[0]
mask = np.tril(np.ones((n, n))) if causal else np.ones((n, n))
logits = scale * (Q @ K.T)
logits = np.where(mask > 0, logits, -np.inf)
S = np.exp(logits - logits.max(axis=1, keepdims=True))
S /= S.sum(axis=1, keepdims=True)
A_hat = estimate() * mask
P = A_hat / A_hat.sum(axis=1, keepdims=True)
tv = 0.5 * np.abs(P - S).sum(axis=1)
show("mean_tv", tv.mean())
show("max_tv", tv.max())
show("negatives", np.sum(P < 0))
show("tv", tv)
`;

/** The snippet for `state` and the matrices on screen (derived.matrices carries their W). */
export function performerNumpy(state, derived) {
  const W = derived.matrices?.W;
  return [
    snippetHead('Softmax attention against its Performer estimate (mathlets, performer.md R10-R12)', [
      `n = ${state.n}, d = ${state.d}, m = ${state.m} ${state.kind} features, ${state.orthogonal ? 'orthogonal' : 'i.i.d.'}, draw ${state.featureSeed}`,
    ]),
    `Q = ${pyMatrix(rowsOf(derived.data.Q))}`,
    `K = ${pyMatrix(rowsOf(derived.data.K))}`,
    `W = ${W ? pyMatrix(rowsOf(W)) : 'None  # still being computed in the background: copy again'}`,
    `scale = ${pyFloat(derived.scale)}  # logit scale s: sharpness ${pyFloat(state.sharpness)} over the logit spread`,
    `kind = ${pyString(state.kind)}`,
    `causal = ${state.causal ? 'True' : 'False'}`,
    BODY,
  ].join('\n');
}
