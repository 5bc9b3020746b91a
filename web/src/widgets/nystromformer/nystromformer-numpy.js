// "Copy as NumPy" for <mathlet-nystromformer>: a Python snippet that recomputes, for the state on
// screen, Nyström attention and the errors the headline shows (nystromformer.md R5, R9): F, A and B
// from the landmarks the core chose (the landmark queries and keys are embedded: k-means and random
// picks come from the core's SplitMix64 stream), the middle matrix (Razavi's iteration from
// Z0 = A^T / (||A||_1 ||A||_inf), the SVD pseudo-inverse with the core's tolerance m * eps, or the
// identity), S-hat = F Z B, its relative error against S, the error of the output S-hat V and the
// interpolation gain max_i ||(F Z)_i||_1. Q, K and V are written out in full (exact doubles).
import { pyFloat, pyInt, pyMatrix, pyString, rowsOf, snippetHead } from '../parts/python-literal.js';
import { scaleOf } from './nystromformer-state.js';

const BODY = `

def softmax_rows(X):
    E = np.exp(X - X.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


F = softmax_rows(scale * Q @ Kt.T)  # each query against the landmark keys
A = softmax_rows(scale * Qt @ Kt.T)  # landmarks against landmarks (m x m)
B = softmax_rows(scale * Qt @ K.T)  # each landmark query against every key
if middle == "iterative":
    I = np.eye(A.shape[0])
    Z = A.T / (np.abs(A).sum(axis=0).max() * np.abs(A).sum(axis=1).max())
    for _ in range(iterations):
        AZ = A @ Z
        Z = 0.25 * Z @ (13 * I - AZ @ (15 * I - AZ @ (7 * I - AZ)))
elif middle == "svd":
    Z = np.linalg.pinv(A, rcond=A.shape[0] * np.finfo(float).eps)
else:
    Z = np.eye(A.shape[0])
S_hat = F @ Z @ B
S = softmax_rows(scale * Q @ K.T)
show("relative", np.linalg.norm(S_hat - S) / np.linalg.norm(S))
show("output", np.linalg.norm(S_hat @ V - S @ V) / np.linalg.norm(S @ V))
show("gain", np.abs(F @ Z).sum(axis=1).max())
`;

/** The snippet for `state` and what is on screen (derived: inputs, nys with its landmarks). */
export function nystromformerNumpy(state, derived) {
  const { Q, K, V } = derived.inputs;
  return [
    snippetHead('Nystrom attention and its errors (mathlets, nystromformer.md R5, R9)', [
      `preset ${state.preset}, n = ${state.n}, d = ${state.d}, m = ${state.m} landmarks by ${state.landmarks}, middle ${state.pinv}`,
    ]),
    `Q = ${pyMatrix(rowsOf(Q))}`,
    `K = ${pyMatrix(rowsOf(K))}`,
    `V = ${pyMatrix(rowsOf(V))}`,
    `Qt = ${pyMatrix(rowsOf(derived.nys.Qt))}  # the landmark queries`,
    `Kt = ${pyMatrix(rowsOf(derived.nys.Kt))}  # the landmark keys`,
    `scale = ${pyFloat(scaleOf(state))}  # tau / sqrt(d)`,
    `middle = ${pyString(state.pinv)}`,
    `iterations = ${pyInt(state.k)}`,
    BODY,
  ].join('\n');
}
