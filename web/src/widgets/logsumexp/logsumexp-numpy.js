// "Copy as NumPy" for <mathlet-logsumexp>: a Python snippet that recomputes, for the state on
// screen, lse_tau(x) and every bound the readouts and the ladder show (R1-R6 of logsumexp.md), the
// facts line (gap, ties r, entropy slope) and softmax(x / tau). A pure function of the state.
import { pyFloat, pyVector, snippetHead } from '../parts/python-literal.js';
import { weights } from './logsumexp-state.js';

const BODY = `
p = p / p.sum()  # the weights of R4-R6, on the simplex
n = x.size


def lse(v):
    """lse_tau(v) = tau log sum exp(v / tau), shifted by the max so that nothing overflows."""
    m = v.max()
    return m + tau * np.log(np.sum(np.exp((v - m) / tau)))


def renyi(q, order):
    """Renyi entropy H_t(q) = log(sum q^t) / (1 - t); the Shannon entropy at t = 1."""
    q = q[q > 0]
    if order == 1:
        return -np.sum(q * np.log(q))
    return np.log(np.sum(q**order)) / (1 - order)


value = lse(x)
x_max = x.max()
ties = np.count_nonzero(x == x_max)  # r: how many entries attain the max
e = np.exp((x - x_max) / tau)
softmax = e / e.sum()
show("lse", value)
show("x_max", x_max)  # R1: x_max < lse (n >= 2)
show("max_upper", x_max + tau * np.log(n))  # R1-R2: lse <= x_max + tau log n
show("ties_lower", x_max + tau * np.log(ties))  # lse >= x_max + tau log r
show("mean_lower", x.mean() + tau * np.log(n))  # R3
show("cauchy_lower", p @ x + tau * renyi(p, 2))  # R4
show("holder_lower", p @ x + tau * renyi(p, t))  # R5 at the order t
show("entropy_lower", p @ x + tau * renyi(p, 1))  # R6
show("gap", value - x_max)
show("ties", ties)
show("entropy", renyi(softmax, 1))  # d lse_tau / d tau
show("softmax", softmax)
`;

/** The snippet for `state` ({ x, tau, t, p }). */
export function logsumexpNumpy(state) {
  return [
    snippetHead('logsumexp: lse_tau(x) and its bounds (mathlets, logsumexp.md R1-R6)'),
    `x = ${pyVector(state.x)}`,
    `tau = ${pyFloat(state.tau)}`,
    `t = ${pyFloat(state.t)}  # the Holder order of R5`,
    `p = ${pyVector(weights(state))}`,
    BODY,
  ].join('\n');
}
