// Embind functions for cur.hpp: the whole CUR result for one selection method (selections, C, U, R,
// the approximation and every error beside the SVD floor), and the decomposition for chosen indices.
#include <cmath>

#include "matrix_boundary.hpp"
#include "mathlets/cur.hpp"

namespace mathlets_bindings {
namespace {

std::optional<double> optional_of(double v) { return std::isnan(v) ? std::nullopt : std::optional<double>(v); }

val selection_value(const mathlets::CurSelection& s) {
  val o = val::object();
  o.set("order", int_array(s.order));
  o.set("sorted", int_array(s.sorted));
  o.set("scores", vector_value(s.scores));
  o.set("flagged", s.flagged);
  o.set("note", s.note);
  return o;
}

val core_value(const mathlets::CurCore& c) {
  val o = val::object();
  o.set("C", matrix_value(c.c));
  o.set("U", matrix_value(c.u));
  o.set("R", matrix_value(c.r));
  o.set("approx", matrix_value(c.approx));
  o.set("error", c.error);
  o.set("pythagoras", c.pythagoras);
  o.set("cols", int_array(c.cols));
  o.set("rows", int_array(c.rows));
  o.set("deduplicated", c.deduplicated);
  o.set("intersectionRank", static_cast<double>(c.w_rank));
  o.set("intersectionCondition", c.w_condition);
  o.set("intersectionDet", c.w_det ? val(*c.w_det) : val::null());
  return o;
}

val cur(std::uintptr_t mp, double rows, double cols, int r, int select, int middle, double seed_hi, double seed_lo,
        double rtol, int gamma) {
  return guarded([&] {
    mathlets::CurOptions o;
    o.select = static_cast<mathlets::CurSelect>(select);
    o.middle = static_cast<mathlets::CurMiddle>(middle);
    o.seed = seed_from_halves(seed_hi, seed_lo);
    o.rtol = optional_of(rtol);
    o.gamma = gamma;
    const auto result = mathlets::cur(matrix_in("cur", mp, rows, cols), r, o);
    val out = core_value(result.core);
    out.set("colSelection", selection_value(result.cols));
    out.set("rowSelection", selection_value(result.rows));
    const auto& e = result.errors;
    val errors = val::object();
    errors.set("frobeniusSquared", e.frobenius_squared);
    errors.set("spectral", e.spectral);
    errors.set("intersectionSquared", e.intersection_squared);
    errors.set("optimalSquared", e.optimal_squared);
    errors.set("idColumnsSquared", e.id_columns_squared);
    errors.set("idRowsSquared", e.id_rows_squared);
    errors.set("floorSquared", e.floor.frobenius_squared);
    errors.set("floorSpectral", e.floor.spectral);
    out.set("errors", errors);
    out.set("singularValues", vector_value(result.singular_values));
    return out;
  });
}

val cur_core(std::uintptr_t mp, double rows, double cols, std::uintptr_t cp, std::size_t nc, std::uintptr_t rp,
             std::size_t nr, int middle, double rtol) {
  return guarded([&] {
    const auto c = in<int>(cp, nc), r = in<int>(rp, nr);
    return core_value(mathlets::cur_core(matrix_in("cur_core", mp, rows, cols), {c.begin(), c.end()},
                                         {r.begin(), r.end()}, static_cast<mathlets::CurMiddle>(middle),
                                         optional_of(rtol)));
  });
}

}  // namespace
}  // namespace mathlets_bindings

EMSCRIPTEN_BINDINGS(cur) {
  using namespace mathlets_bindings;
  emscripten::function("cur", &cur);
  emscripten::function("cur_core", &cur_core);
}
