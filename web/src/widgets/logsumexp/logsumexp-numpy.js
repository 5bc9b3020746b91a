// "Copy as NumPy" for <mathlet-logsumexp>: a Python snippet that recomputes, for the state on
// screen, lse_tau(x) and every bound the readouts and the ladder show (R1-R6 of logsumexp.md), the
// facts line (gap, ties r, entropy slope), softmax(x / tau), the pair views (R7 and R8 for y and
// the mixing weight, the smooth maximum of the first two components) and the numerics panel (the
// naive and the shifted sums beside the stable log1p form). A pure function of the state.
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

# R7 and R8 for the second vector y (the Lipschitz and convexity panels)
value_y = lse(y)
show("lse_y", value_y)
show("diff", value - value_y)  # lse_tau(x) - lse_tau(y)
show("diff_min", np.min(x - y))  # R7: diff_min <= diff <= diff_max
show("diff_max", np.max(x - y))
show("max_norm", np.max(np.abs(x - y)))  # R7: |diff| <= ||x - y||_inf
show("chord", mix * value + (1 - mix) * value_y)  # R8: chord >= lse_mix
show("lse_mix", lse(mix * x + (1 - mix) * y))

# the smooth maximum of two numbers (the surface panel): its dot, and the gap on the diagonal
if n >= 2:
    show("surface_point", lse(x[:2]))
show("diagonal_gap", tau * np.log(2))

# naive against stable (the numerics panel); the naive sum may overflow to inf or underflow to 0
with np.errstate(over="ignore", divide="ignore"):
    naive_sum = np.sum(np.exp(x / tau))
    show("naive_sum", naive_sum)
    show("naive", tau * np.log(naive_sum))
shifted_sum = np.sum(np.exp((x - x_max) / tau))
show("shifted_sum", shifted_sum)
show("shifted", x_max + tau * np.log(shifted_sum))  # plain log: loses what log1p keeps
rest = np.delete(x, np.argmax(x))  # every entry but one maximum
show("stable", x_max + tau * np.log1p(np.sum(np.exp((rest - x_max) / tau))))
`;

/** The snippet for `state` ({ x, tau, t, p, y, mix }). */
export function logsumexpNumpy(state) {
  return [
    snippetHead('logsumexp: lse_tau(x), its bounds, Lipschitz and convexity (mathlets, logsumexp.md R1-R8)'),
    `x = ${pyVector(state.x)}`,
    `tau = ${pyFloat(state.tau)}`,
    `t = ${pyFloat(state.t)}  # the Holder order of R5`,
    `p = ${pyVector(weights(state))}`,
    `y = ${pyVector(state.y)}  # the second vector of R7 and R8`,
    `mix = ${pyFloat(state.mix)}  # the mixing weight of R8: the point mix * x + (1 - mix) * y`,
    BODY,
  ].join('\n');
}
