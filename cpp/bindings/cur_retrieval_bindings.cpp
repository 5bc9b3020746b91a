// Embind functions for cur_retrieval.hpp. The callbacks of the JS API (exact cross-encoder scores)
// never cross this boundary: retrieval is split into its pure steps (candidates, then the re-ranking
// of the scores JS bought), and the adaptive variant into one call per round, so a callback that
// throws or lies meets no C++ frame and no heap allocation in flight. Enums cross as their index (in
// the orders of web/src/core/cur-retrieval.js), seeds as two 32-bit halves, a NaN rtol means "the
// default", scorer ids as uint32 and item indices as int32.
#include <cmath>
#include <cstdint>

#include "matrix_boundary.hpp"
#include "mathlets/cur_retrieval.hpp"

namespace mathlets_bindings {
namespace {

using mathlets::ScoreKind;

std::optional<double> optional_rtol(double rtol) {
  return std::isnan(rtol) ? std::nullopt : std::optional<double>(rtol);
}

mathlets::ScorerParams scorer_params(int rank, double noise, int kind, double beta, double seed_hi, double seed_lo) {
  return {rank, noise, static_cast<ScoreKind>(kind), beta, seed_from_halves(seed_hi, seed_lo)};
}

std::vector<std::uint64_t> ids_in(std::uintptr_t ptr, std::size_t n) {
  const auto s = in<std::uint32_t>(ptr, n);
  return {s.begin(), s.end()};
}

val synthetic_score(int rank, double noise, int kind, double beta, double seed_hi, double seed_lo, double q, double i) {
  return guarded([&] {
    mathlets::SyntheticScorer s(scorer_params(rank, noise, kind, beta, seed_hi, seed_lo));
    return val(s.score(static_cast<std::uint64_t>(q), static_cast<std::uint64_t>(i)));
  });
}

val synthetic_block(int rank, double noise, int kind, double beta, double seed_hi, double seed_lo, std::uintptr_t qp,
                    std::size_t nq, std::uintptr_t ip, std::size_t ni) {
  return guarded([&] {
    mathlets::SyntheticScorer s(scorer_params(rank, noise, kind, beta, seed_hi, seed_lo));
    val o = matrix_value(s.block(ids_in(qp, nq), ids_in(ip, ni)));
    o.set("clamped", s.clamped());
    return o;
  });
}

val synthetic_scores(int nq, int ni, int rank, double noise, int kind, double beta, double seed_hi, double seed_lo) {
  return guarded([&] {
    mathlets::SyntheticScorer s(scorer_params(rank, noise, kind, beta, seed_hi, seed_lo));
    val o = matrix_value(s.first_block(nq, ni));
    o.set("clamped", s.clamped());
    return o;
  });
}

val inverse_scores(std::uintptr_t sp, std::size_t n, int kind, double beta) {
  return guarded([&] {
    std::vector<double> v = copy_in<double>(sp, n);
    int clamped = 0;
    for (double& x : v) {
      bool c = false;
      x = mathlets::score_inverse(static_cast<ScoreKind>(kind), beta, x, &c);
      clamped += c;
    }
    val o = val::object();
    o.set("values", f64_array(v));
    o.set("clamped", clamped);
    return o;
  });
}

val select_anchor_items(std::uintptr_t rp, double rows, double cols, int ki, int method, double seed_hi, double seed_lo,
                        int gamma, std::uintptr_t ip, std::size_t ni) {
  return guarded([&] {
    mathlets::AnchorOptions o;
    o.rule = static_cast<mathlets::AnchorRule>(method);
    o.seed = seed_from_halves(seed_hi, seed_lo);
    o.gamma = gamma;
    o.indices = copy_in<int>(ip, ni);
    const auto s = mathlets::select_anchor_items(matrix_in("select_anchor_items", rp, rows, cols), ki, o);
    val out = val::object();
    out.set("ids", int_array(s.ids));
    out.set("order", int_array(s.order));
    out.set("note", s.note);
    return out;
  });
}

val cur_retrieval_index(std::uintptr_t rp, double rows, double cols, std::uintptr_t ap, std::size_t na, double rtol) {
  return guarded([&] {
    const auto idx = mathlets::cur_retrieval_index(matrix_in("cur_retrieval_index", rp, rows, cols),
                                                   copy_in<int>(ap, na), optional_rtol(rtol));
    val o = val::object();
    o.set("anchors", int_array(idx.anchors));
    o.set("E", matrix_value(idx.e));
    o.set("Wpinv", matrix_value(idx.w_pinv));
    o.set("singularValues", vector_value(idx.singular_values));
    o.set("rank", idx.rank);
    o.set("kappa", idx.kappa);
    o.set("rtol", idx.rtol);
    o.set("degenerate", idx.degenerate);
    return o;
  });
}

val cur_retrieval_candidates(std::uintptr_t ep, double rows, double cols, std::uintptr_t ap, std::size_t na,
                             std::uintptr_t cp, std::size_t nc, int k, int rerank, bool include_anchors) {
  return guarded([&] {
    const auto c = mathlets::cur_retrieval_candidates(matrix_in("cur_retrieve", ep, rows, cols), copy_in<int>(ap, na),
                                                      in<double>(cp, nc), k, rerank, include_anchors);
    val o = val::object();
    o.set("approxScores", vector_value(c.approx));
    o.set("candidates", int_array(c.candidates));
    o.set("toScore", int_array(c.to_score));
    o.set("rerank", c.rerank);
    o.set("exhaustive", c.exhaustive);
    return o;
  });
}

val cur_retrieval_finish(std::uintptr_t candp, std::size_t ncand, std::uintptr_t tp, std::size_t nt, int n_items,
                         int rerank, bool exhaustive, std::uintptr_t ap, std::size_t na, std::uintptr_t cp,
                         std::size_t nc, std::uintptr_t xp, std::size_t nx, int k) {
  return guarded([&] {
    mathlets::CurCandidates cand;
    cand.candidates = copy_in<int>(candp, ncand);
    cand.to_score = copy_in<int>(tp, nt);
    cand.approx = Eigen::VectorXd::Zero(n_items);  // only its length is used by the re-ranking
    cand.rerank = rerank;
    cand.exhaustive = exhaustive;
    const auto r = mathlets::cur_retrieval_finish(std::move(cand), copy_in<int>(ap, na), in<double>(cp, nc),
                                                  in<double>(xp, nx), k);
    val o = val::object();
    o.set("ids", int_array(r.ids));
    o.set("scores", f64_array(r.scores));
    o.set("ceCalls", r.ce_calls);
    o.set("nominalCalls", r.nominal_calls);
    return o;
  });
}

val adaptive_round_sizes(int n_items, int k, int budget, int k0, int rounds, double rtol) {
  return guarded([&] {
    return int_array(mathlets::adaptive_round_sizes({k, budget, k0, rounds, optional_rtol(rtol), 0}, n_items));
  });
}

val adaptive_cur_step(std::uintptr_t rp, double rows, double cols, std::uintptr_t ap, std::size_t na, std::uintptr_t cp,
                      std::size_t nc, int b, double rtol) {
  return guarded([&] {
    const auto s = mathlets::adaptive_cur_step(matrix_in("adaptive_cur_retrieve", rp, rows, cols), copy_in<int>(ap, na),
                                               in<double>(cp, nc), b, optional_rtol(rtol));
    val o = val::object();
    o.set("next", int_array(s.next));
    o.set("approxScores", vector_value(s.approx));
    o.set("rank", s.rank);
    return o;
  });
}

val exact_topk(std::uintptr_t sp, std::size_t n, int k) {
  return guarded([&] {
    const auto t = mathlets::exact_topk(in<double>(sp, n), k);
    val o = val::object();
    o.set("ids", int_array(t.ids));
    o.set("scores", f64_array(t.scores));
    o.set("kth", t.kth);
    o.set("next", t.next);
    o.set("ties", t.ties);
    return o;
  });
}

val recall_at_k(std::uintptr_t fp, std::size_t nf, std::uintptr_t tp, std::size_t nt) {
  return guarded([&] { return val(mathlets::recall_at_k(in<int>(fp, nf), in<int>(tp, nt))); });
}

val recall_curve(std::uintptr_t ap, std::size_t na, std::uintptr_t tp, std::size_t nt, std::uintptr_t kp,
                 std::size_t nk) {
  return guarded([&] {
    const auto curve = mathlets::recall_curve(in<double>(ap, na), in<int>(tp, nt), in<int>(kp, nk));
    val o = val::object();
    o.set("recall", f64_array(curve));
    o.set("positions", int_array(mathlets::approx_positions(in<double>(ap, na), in<int>(tp, nt))));
    return o;
  });
}

val evaluate_cur_retrieval(int rank, double noise, int kind, double beta, double seed_hi, double seed_lo, int n_items,
                           int kq, int ki, int method, double anchor_hi, double anchor_lo, int gamma, std::uintptr_t ip,
                           std::size_t ni, double rtol, int n_test, int k, std::uintptr_t krp, std::size_t nkr,
                           bool include_anchors, bool transform, std::uintptr_t dep, std::size_t nde, bool random,
                           bool spectrum, std::uintptr_t rp, double r_rows, double r_cols, std::uintptr_t tp,
                           std::size_t nt) {
  return guarded([&] {
    mathlets::EvaluationOptions o;
    o.scorer = scorer_params(rank, noise, kind, beta, seed_hi, seed_lo);
    o.n_items = n_items;
    o.kq = kq;
    o.ki = ki;
    o.anchors = {static_cast<mathlets::AnchorRule>(method), seed_from_halves(anchor_hi, anchor_lo), gamma,
                 copy_in<int>(ip, ni)};
    o.rtol = optional_rtol(rtol);
    o.n_test = n_test;
    o.k = k;
    o.kr_values = copy_in<int>(krp, nkr);
    o.include_anchors = include_anchors;
    o.transform = transform;
    o.de_baselines = copy_in<int>(dep, nde);
    o.random_baseline = random;
    o.spectrum = spectrum;
    if (r_rows > 0) o.r_block = matrix_in("evaluate_cur_retrieval", rp, r_rows, r_cols);
    o.truth = copy_in<int>(tp, nt);
    const auto e = mathlets::evaluate_cur_retrieval(o);
    val out = val::object();
    out.set("recall", f64_array(e.recall));
    out.set("meanCeCalls", f64_array(e.mean_ce_calls));
    out.set("positions", int_array(e.positions));
    out.set("truth", int_array(e.truth));
    out.set("minMargin", e.min_margin);
    out.set("ties", e.ties);
    out.set("anchors", int_array(e.anchors));
    out.set("singularValues", vector_value(e.w_singular_values));
    out.set("rank", e.rank);
    out.set("kappa", e.kappa);
    out.set("frobRelErr", e.frob_rel_err);
    out.set("spectrum", vector_value(e.r_singular_values));
    out.set("offlineCalls", static_cast<double>(e.offline_calls));
    out.set("clamped", e.clamped);
    val baselines = val::array();
    for (const auto& b : e.baselines) {
      val entry = val::object();
      entry.set("name", b.name);
      entry.set("recall", f64_array(b.recall));
      baselines.call<void>("push", entry);
    }
    out.set("baselines", baselines);
    return out;
  });
}

}  // namespace
}  // namespace mathlets_bindings

EMSCRIPTEN_BINDINGS(cur_retrieval) {
  using namespace mathlets_bindings;
  emscripten::function("synthetic_score", &synthetic_score);
  emscripten::function("synthetic_block", &synthetic_block);
  emscripten::function("synthetic_scores", &synthetic_scores);
  emscripten::function("inverse_scores", &inverse_scores);
  emscripten::function("select_anchor_items", &select_anchor_items);
  emscripten::function("cur_retrieval_index", &cur_retrieval_index);
  emscripten::function("cur_retrieval_candidates", &cur_retrieval_candidates);
  emscripten::function("cur_retrieval_finish", &cur_retrieval_finish);
  emscripten::function("adaptive_round_sizes", &adaptive_round_sizes);
  emscripten::function("adaptive_cur_step", &adaptive_cur_step);
  emscripten::function("exact_topk", &exact_topk);
  emscripten::function("recall_at_k", &recall_at_k);
  emscripten::function("recall_curve", &recall_curve);
  emscripten::function("evaluate_cur_retrieval", &evaluate_cur_retrieval);
}
