// Fuzzes the attention routines of performer.hpp and nystromformer.hpp on Q, K (n x d, n <= 8,
// d <= 4) and V (n x d_v, d_v <= 3) with hostile entries, extreme scales, duplicated and low-rank
// structure, mismatched shapes and bad options. Every outcome is either a documented
// std::invalid_argument / std::out_of_range, or a result that holds: softmax outputs and the
// positive/hyperbolic log-domain Performer outputs are finite and inside the range of (the prefix
// of) V, their log normalizers finite; trig flags exactly its non-positive rows; Nyström outputs are
// finite and rows of F, A, B sum to 1; the estimator statistics are finite.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <stdexcept>

#include "fuzz_input.hpp"
#include "mathlets/nystromformer.hpp"
#include "mathlets/performer.hpp"
#include "mathlets/row_major.hpp"

namespace {

using namespace mathlets;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

void print(const char* name, const MatrixXd& m) {
  std::fprintf(stderr, "%s (%td x %td):\n", name, m.rows(), m.cols());
  for (Index i = 0; i < m.rows(); ++i) {
    for (Index j = 0; j < m.cols(); ++j) std::fprintf(stderr, " %.17g", m(i, j));
    std::fprintf(stderr, "\n");
  }
}

// Runs f; a std::invalid_argument is allowed only when `invalid_ok`, a std::out_of_range only when
// `range_ok`. Returns whether f returned.
bool expect(const std::function<void()>& f, bool invalid_ok, bool range_ok) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    if (!invalid_ok) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(invalid_ok);
    return false;
  } catch (const std::out_of_range& e) {
    if (!range_ok) std::fprintf(stderr, "unexpected: %s\n", e.what());
    FUZZ_CHECK(range_ok);
    return false;
  }
  return true;
}

MatrixXd matrix(FuzzInput& in, std::size_t rows, std::size_t cols, std::ptrdiff_t fixed_rows = -1) {
  FuzzInput::Matrix m = in.matrix(rows, cols, fixed_rows);
  return matrix_from_row_major("attention_fuzz", m.rows, m.cols, m.data);
}

// Each output row lies within the coordinatewise range of V's rows 0..last, up to rounding measured
// against the column's size (a weighted average is accurate normwise; a column spanning 600 orders of
// magnitude is scaled as a whole, which costs its subnormal entries some bits).
void check_inside_values(const MatrixXd& out, const MatrixXd& v, bool causal) {
  FUZZ_CHECK(out.allFinite());
  for (Index i = 0; i < out.rows(); ++i) {
    const Index keys = causal ? i + 1 : v.rows();
    for (Index c = 0; c < v.cols(); ++c) {
      const double lo = v.col(c).head(keys).minCoeff(), hi = v.col(c).head(keys).maxCoeff();
      // Plus the absolute rounding of the subnormal range, where products keep no relative accuracy.
      const double slack =
          1e-12 * v.col(c).cwiseAbs().maxCoeff() * (v.rows() + 1) + 1e4 * std::numeric_limits<double>::denorm_min();
      FUZZ_CHECK(out(i, c) >= lo - slack && out(i, c) <= hi + slack);
    }
  }
}

void check_softmax(const MatrixXd& q, const MatrixXd& k, const MatrixXd& v, double scale, bool causal, bool shapes_ok) {
  const bool causal_ok = !causal || q.rows() == k.rows();
  if (std::getenv("FUZZ_VERBOSE")) std::fprintf(stderr, "softmax: scale %.17g causal %d\n", scale, causal);
  SoftmaxAttention r;
  if (!expect([&] { r = softmax_attention(q, k, v, scale, causal); }, !(shapes_ok && causal_ok && std::isfinite(scale)),
              true))
    return;
  check_inside_values(r.out, v, causal);
  FUZZ_CHECK(r.log_normalizer.allFinite());
}

void check_performer(const MatrixXd& q, const MatrixXd& k, const MatrixXd& v, FuzzInput& in, bool shapes_ok) {
  PerformerOptions o;
  o.kind = static_cast<FeatureKind>(in.choice(3));
  o.causal = in.byte() & 1;
  o.orthogonal = in.byte() & 1;
  o.norms = static_cast<OmegaNorms>(in.choice(3));
  o.m = static_cast<int>(in.count(9));  // 0 is refused
  o.seed = in.byte();
  const bool stabilised = in.byte() % 4 != 0;  // log_domain most of the time
  o.stabilizer = stabilised ? Stabilizer::log_domain : (in.byte() & 1 ? Stabilizer::reference_eps : Stabilizer::none);
  if (in.byte() & 1) o.scale = in.byte() & 1 ? in.number() : in.small();
  const bool scale_ok = !o.scale || std::isfinite(*o.scale);
  const bool causal_ok = !o.causal || q.rows() == k.rows();
  const bool eps_ok = !(o.stabilizer == Stabilizer::reference_eps && o.kind == FeatureKind::trig);
  if (std::getenv("FUZZ_VERBOSE"))
    std::fprintf(stderr,
                 "performer: kind %d causal %d orthogonal %d norms %d m %d seed %llu stabilizer %d scale %.17g\n",
                 static_cast<int>(o.kind), o.causal, o.orthogonal, static_cast<int>(o.norms), o.m,
                 static_cast<unsigned long long>(o.seed), static_cast<int>(o.stabilizer), o.scale.value_or(-0.0));
  PerformerAttention r;
  if (!expect([&] { r = performer_attention(q, k, v, o); }, !(shapes_ok && causal_ok && scale_ok && eps_ok), true))
    return;
  FUZZ_CHECK(r.out.rows() == q.rows() && r.out.cols() == v.cols() && r.w.rows() == o.m && r.w.cols() == q.cols());
  if (o.stabilizer != Stabilizer::log_domain) return;  // the demo variants show NaN and bias on purpose
  if (o.kind == FeatureKind::trig) {
    for (const int row : r.nonpositive_rows) FUZZ_CHECK(std::isnan(r.log_denominator(row)));
    return;
  }
  FUZZ_CHECK(r.nonpositive_rows.empty());
  FUZZ_CHECK(r.log_denominator.allFinite());
  check_inside_values(r.out, v, o.causal);
}

void check_nystrom(const MatrixXd& q, const MatrixXd& k, const MatrixXd& v, FuzzInput& in) {
  NystromOptions o;
  o.landmarks = static_cast<LandmarkRule>(in.choice(4));  // manual below
  o.middle = static_cast<NystromMiddle>(in.choice(3));
  o.pinv_iters = static_cast<int>(in.count(12));
  o.seed = in.byte();
  o.history = (o.seed & 2) == 0;  // a bit of the seed, so that the corpus keeps its meaning
  if (in.byte() & 1) o.scale = in.small();
  const int m = static_cast<int>(in.count(static_cast<std::size_t>(q.rows()) + 1));
  const bool shapes_ok = q.cols() >= 1 && k.cols() == q.cols() && k.rows() == q.rows() && v.rows() == k.rows() &&
                         q.allFinite() && k.allFinite() && v.allFinite();
  NystromAttention r;
  if (!expect([&] { r = nystrom_attention(q, k, v, m, o); }, !shapes_ok, true)) return;
  FUZZ_CHECK(m >= 1 && m <= q.rows());
  FUZZ_CHECK(r.out.rows() == q.rows() && r.out.cols() == v.cols());
  FUZZ_CHECK(r.f.rows() == q.rows() && r.f.cols() == m && r.a.rows() == m && r.b.cols() == k.rows());
  for (const MatrixXd* kernel : {&r.f, &r.a, &r.b})
    FUZZ_CHECK((kernel->rowwise().sum().array() - 1).abs().maxCoeff() <= 1e-12 * (m + k.rows()));
  if (r.z.allFinite()) FUZZ_CHECK(r.out.allFinite());
  FUZZ_CHECK(r.gain >= 1 - 1e-9 || o.middle != NystromMiddle::identity);
  FUZZ_CHECK(o.middle == NystromMiddle::iterative && o.history ? !r.history.empty() : r.history.empty());
}

void check_stats(FuzzInput& in) {
  const Index d = 1 + static_cast<Index>(in.count(3));
  VectorXd q(d), k(d);
  for (Index i = 0; i < d; ++i) q(i) = in.byte() & 1 ? in.number() : in.small() / 8;
  for (Index i = 0; i < d; ++i) k(i) = in.byte() & 1 ? in.number() : in.small() / 8;
  KernelStatsOptions o;
  o.kind = static_cast<FeatureKind>(in.choice(3));
  o.orthogonal = in.byte() & 1;
  o.norms = static_cast<OmegaNorms>(in.choice(3));
  o.trials = static_cast<int>(in.count(40));
  o.path = in.byte() & 1 ? StatsPath::full : StatsPath::projection;
  const int m = 1 + static_cast<int>(in.count(7));
  if (std::getenv("FUZZ_VERBOSE")) {
    print("q", q.transpose());
    print("k", k.transpose());
    std::fprintf(stderr, "stats: kind %d orthogonal %d norms %d trials %d path %d m %d\n", static_cast<int>(o.kind),
                 o.orthogonal, static_cast<int>(o.norms), o.trials, static_cast<int>(o.path), m);
  }
  KernelStats st;
  if (!expect([&] { st = kernel_estimate_stats(q, k, m, o); }, !(q.allFinite() && k.allFinite()), true)) return;
  FUZZ_CHECK(o.trials >= 1);
  FUZZ_CHECK(std::isfinite(st.mc_mean) && std::isfinite(st.sm) && std::isfinite(st.log_sm));
  FUZZ_CHECK(o.trials == 1 || std::isfinite(st.mc_var));
  for (const double r : st.relative) FUZZ_CHECK(std::isfinite(r));
  if (st.cf_available) FUZZ_CHECK(st.cf_relvar >= 0 && std::isfinite(st.cf_var));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzInput in(data, size);
  const MatrixXd q = matrix(in, 8, 4);
  const bool same_keys = in.byte() & 1;
  const MatrixXd k = same_keys ? matrix(in, 8, 4, q.rows()) : matrix(in, 8, 4);
  const MatrixXd v = matrix(in, 8, 3, in.byte() % 8 == 0 ? -1 : k.rows());
  if (std::getenv("FUZZ_VERBOSE")) {
    print("Q", q);
    print("K", k);
    print("V", v);
  }
  const bool shapes_ok = q.cols() >= 1 && k.cols() == q.cols() && k.rows() >= 1 && v.rows() == k.rows() &&
                         q.allFinite() && k.allFinite() && v.allFinite();
  switch (in.choice(4)) {
    case 0: check_softmax(q, k, v, in.byte() & 1 ? in.number() : in.small(), in.byte() & 1, shapes_ok); break;
    case 1: check_performer(q, k, v, in, shapes_ok); break;
    case 2: check_nystrom(q, k, v, in); break;
    default: check_stats(in); break;
  }
  return 0;
}
