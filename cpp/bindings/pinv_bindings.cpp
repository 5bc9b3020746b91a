// Embind functions for pinv.hpp: the pseudo-inverse by three routes, singular values, least squares,
// the Penrose residuals, the eigen route and the ridge limit. Options cross as numbers: method is the
// PinvMethod index, a NaN rtol means "the default".
#include <cmath>

#include "matrix_boundary.hpp"
#include "mathlets/pinv.hpp"

namespace mathlets_bindings {
namespace {

mathlets::PinvOptions pinv_options(int method, double rtol, double atol) {
  mathlets::PinvOptions o;
  o.method = static_cast<mathlets::PinvMethod>(method);
  if (!std::isnan(rtol)) o.rtol = rtol;
  o.atol = atol;
  return o;
}

val pinv(std::uintptr_t a, double rows, double cols, int method, double rtol, double atol) {
  return guarded([&] {
    const auto r = mathlets::pinv(matrix_in("pinv", a, rows, cols), pinv_options(method, rtol, atol));
    val o = val::object();
    o.set("pinv", matrix_value(r.pinv));
    o.set("rank", static_cast<double>(r.rank));
    o.set("singularValues", vector_value(r.singular_values));
    o.set("scale", r.scale);
    o.set("tolerance", r.tolerance);
    o.set("fullRankInverse", r.full_rank_inverse);
    return o;
  });
}

val singular_values(std::uintptr_t a, double rows, double cols, int method) {
  return guarded([&] {
    return vector_value(mathlets::singular_values(matrix_in("singular_values", a, rows, cols),
                                                  static_cast<mathlets::PinvMethod>(method)));
  });
}

val penrose_residuals(std::uintptr_t a, double rows, double cols, std::uintptr_t x, double xrows, double xcols) {
  return guarded([&] {
    const auto r = mathlets::penrose_residuals(matrix_in("penrose_residuals", a, rows, cols),
                                               matrix_in("penrose_residuals", x, xrows, xcols));
    val o = val::object();
    o.set("axa", r.axa);
    o.set("xax", r.xax);
    o.set("axSymmetric", r.ax_symmetric);
    o.set("xaSymmetric", r.xa_symmetric);
    return o;
  });
}

val lstsq(std::uintptr_t a, double rows, double cols, std::uintptr_t b, double brows, double bcols, int method,
          double rtol, double atol) {
  return guarded([&] {
    const auto r = mathlets::lstsq(matrix_in("lstsq", a, rows, cols), matrix_in("lstsq", b, brows, bcols),
                                   pinv_options(method, rtol, atol));
    val o = val::object();
    o.set("x", matrix_value(r.x));
    o.set("residualNorms", vector_value(r.residual_norms));
    o.set("rank", static_cast<double>(r.rank));
    o.set("tolerance", r.tolerance);
    return o;
  });
}

val pinv_eig(std::uintptr_t a, double rows, double cols, double rtol) {
  return guarded([&] {
    const auto r = mathlets::pinv_eig(matrix_in("pinv_eig", a, rows, cols),
                                      std::isnan(rtol) ? std::nullopt : std::optional<double>(rtol));
    val o = val::object();
    o.set("pinv", matrix_value(r.pinv));
    o.set("eigenvalues", vector_value(r.eigenvalues));
    o.set("eigenvectors", matrix_value(r.eigenvectors));
    o.set("inverted", vector_value(r.inverted));
    o.set("projected", matrix_value(r.projected));
    o.set("rank", static_cast<double>(r.rank));
    o.set("tolerance", r.tolerance);
    return o;
  });
}

// form: 0 stable (from one SVD), 1 naive (A^T A + eps I solved directly).
val ridge(std::uintptr_t a, double rows, double cols, double eps, int form) {
  return guarded([&] {
    const Eigen::MatrixXd m = matrix_in("ridge", a, rows, cols);
    return matrix_value(form == 0 ? mathlets::ridge_stable(m, eps) : mathlets::ridge_naive(m, eps));
  });
}

val ridge_curve(std::uintptr_t a, double rows, double cols, std::uintptr_t eps, std::size_t count) {
  return guarded([&] {
    const auto e = in<double>(eps, count);
    const auto r = mathlets::ridge_curve(matrix_in("ridge_curve", a, rows, cols), {e.begin(), e.end()});
    val o = val::object();
    o.set("eps", f64_array(r.eps));
    o.set("stableError", f64_array(r.stable_error));
    o.set("naiveError", f64_array(r.naive_error));
    o.set("exactError", f64_array(r.exact_error));
    o.set("inverseNorm", f64_array(r.inverse_norm));
    return o;
  });
}

}  // namespace
}  // namespace mathlets_bindings

EMSCRIPTEN_BINDINGS(pinv) {
  using emscripten::function;
  using namespace mathlets_bindings;
  function("pinv", &pinv);
  function("singular_values", &singular_values);
  function("penrose_residuals", &penrose_residuals);
  function("lstsq", &lstsq);
  function("pinv_eig", &pinv_eig);
  function("ridge", &ridge);
  function("ridge_curve", &ridge_curve);
}
