// "Copy as NumPy" for <mathlet-grad-clip>: a Python snippet that recomputes, for the g and tau on
// screen, the two clips the plane and the readouts show (gradient-clipping.md R1): by global norm
// (norm, scale, the clipped g and its norm) and by value (the clipped g, its cosine with g and the
// angle it turns g by). The training runs are the worker's, not in the snippet. Pure of the state.
import { pyFloat, pyVector, snippetHead } from '../parts/python-literal.js';

const BODY = `

def norm2(v):
    """The L2 norm, scaled by the largest entry first so that no square overflows or underflows."""
    s = np.abs(v).max()
    return 0.0 if s == 0 else s * np.sqrt(np.sum((v / s) ** 2))


norm = norm2(g)
scale = 1.0 if norm <= tau else tau / norm  # clip by global norm: min(1, tau / ||g||)
by_norm = g * scale
by_value = np.clip(g, -tau, tau)  # clip each entry to [-tau, tau]
lengths = norm * norm2(by_value)
if lengths > 0:
    cosine = (g / norm) @ (by_value / norm2(by_value))
    turn = np.degrees(np.arccos(np.clip(cosine, -1, 1)))
else:
    cosine = turn = float("nan")  # a zero g has no direction
show("norm", norm)
show("scale", scale)
show("by_norm", by_norm)
show("clipped_norm", norm2(by_norm))
show("by_value", by_value)
show("cosine", cosine)
show("turn_degrees", turn)
`;

/** The snippet for `state` ({ g, tau, ... }). */
export function gradClipNumpy(state) {
  return [
    snippetHead('Gradient clipping: by global norm and by value (mathlets, gradient-clipping.md R1)'),
    `g = ${pyVector(state.g)}`,
    `tau = ${pyFloat(state.tau)}  # the threshold`,
    BODY,
  ].join('\n');
}
