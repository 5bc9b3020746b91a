// Exact softmax attention and Performer's linear-time attention (performer.md, sections 2.4 to 2.7,
// R10 to R12): feature maps, the log-domain algorithm (non-causal and causal with running maxima),
// the trigonometric path with its flagged non-positive denominators, the reference epsilon and the
// naive evaluation the demos contrast it with, and the row-normalised approximate matrix.
#include "mathlets/performer.hpp"

#include "lowrank_checks.hpp"
#include "value_scaling.hpp"
#include "number_text.hpp"
#include "performer_detail.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace mathlets {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
// One call's arithmetic is capped (about a second of work) so that a page cannot freeze.
constexpr double kMaxAttentionWork = 1e9;

// ---------------------------------------------------------------------------------------------
// Checks

void check_head(const char* routine, const MatrixXd& q, const MatrixXd& k) {
  detail::require_finite(routine, "Q", q);
  detail::require_finite(routine, "K", k);
  if (q.cols() < 1 || q.cols() > kMaxHeadSize)
    throw std::out_of_range(std::string(routine) + ": Q (" + detail::shape(q) + ") has head size d = " +
                            std::to_string(q.cols()) + "; d must be in [1, " + std::to_string(kMaxHeadSize) + "]");
  if (k.cols() != q.cols())
    throw std::invalid_argument(std::string(routine) + ": K (" + detail::shape(k) +
                                ") must have as many columns as Q (" + detail::shape(q) + ")");
  if (k.rows() < 1) throw std::invalid_argument(std::string(routine) + ": K has no rows (at least one key is needed)");
}

void check_values(const char* routine, const MatrixXd& k, const MatrixXd& v) {
  detail::require_finite(routine, "V", v);
  if (v.rows() != k.rows())
    throw std::invalid_argument(std::string(routine) + ": V (" + detail::shape(v) +
                                ") must have one row per key; K is " + detail::shape(k));
}

void check_causal(const char* routine, const MatrixXd& q, const MatrixXd& k, bool causal) {
  if (causal && q.rows() != k.rows())
    throw std::invalid_argument(std::string(routine) + ": causal attention needs as many queries as keys; Q is " +
                                detail::shape(q) + " and K is " + detail::shape(k));
}

void check_scale(const char* routine, double scale) {
  if (!std::isfinite(scale))
    throw std::invalid_argument(std::string(routine) + ": scale = " + number_text(scale) + " must be finite");
}

void check_omegas(const char* routine, const MatrixXd& w, Index d) {
  detail::require_finite(routine, "W", w);
  if (w.cols() != d)
    throw std::invalid_argument(std::string(routine) + ": W (" + detail::shape(w) +
                                ") must have d = " + std::to_string(d) + " columns, as Q and K");
  if (w.rows() < 1 || w.rows() > kMaxFeatures)
    throw std::out_of_range(std::string(routine) + ": W has m = " + std::to_string(w.rows()) +
                            " rows; m must be in [1, " + std::to_string(kMaxFeatures) + "]");
}

void check_work(const char* routine, double work, double limit, const char* what) {
  if (work > limit)
    throw std::out_of_range(std::string(routine) + ": " + what + " = " + number_text(work) + " is above the limit of " +
                            number_text(limit));
}

// Logits (or feature logarithms) beyond the double range: no stabilisation can recover them, so the
// call is refused instead of returning NaN.
void require_finite_logits(const char* routine, const MatrixXd& m, const char* what) {
  if (!m.allFinite())
    throw std::out_of_range(std::string(routine) + ": " + what +
                            " overflows the double range; Q, K (and W) are too large for this scale");
}

// ---------------------------------------------------------------------------------------------
// Feature logarithms

int feature_count(FeatureKind kind, Index m) { return static_cast<int>(kind == FeatureKind::positive ? m : 2 * m); }

// Projections X W^T, with the negated copy appended for hyperbolic features.
MatrixXd projections(const MatrixXd& x, const MatrixXd& w, FeatureKind kind) {
  const MatrixXd p = x * w.transpose();
  if (kind != FeatureKind::hyperbolic) return p;
  MatrixXd both(p.rows(), 2 * p.cols());
  both << p, -p;
  return both;
}

// log phi(x_i)_l for positive and hyperbolic features: omega.x - ||x||^2 / 2 - log(M) / 2.
MatrixXd log_features(const MatrixXd& x, const MatrixXd& w, FeatureKind kind) {
  MatrixXd l = projections(x, w, kind);
  const VectorXd half_norms = 0.5 * x.rowwise().squaredNorm();
  l.colwise() -= half_norms;
  l.array() -= 0.5 * std::log(static_cast<double>(l.cols()));
  return l;
}

// m^-1/2 [cos P, sin P] from the projections P = X W^T.
MatrixXd trig_features(const MatrixXd& p) {
  MatrixXd f(p.rows(), 2 * p.cols());
  f << p.array().cos().matrix(), p.array().sin().matrix();
  return f / std::sqrt(static_cast<double>(p.cols()));
}

MatrixXd trig_features(const MatrixXd& x, const MatrixXd& w) { return trig_features(x * w.transpose()); }

// q' = sign(s) sqrt|s| q and k' = sqrt|s| k, so that s q.k = q'.k'.
struct Scaled {
  MatrixXd q, k;
};
Scaled scaled_inputs(const MatrixXd& q, const MatrixXd& k, double scale) {
  const double root = std::sqrt(std::fabs(scale));
  return {(scale < 0 ? -root : root) * q, root * k};
}

// The projections Q'W^T and K'W^T, refused when they (or, for trig, the squared key norms whose
// halves weight the keys) leave the double range.
struct Projections {
  MatrixXd q, k;
};
Projections checked_projections(const char* routine, const Scaled& x, const MatrixXd& w, FeatureKind kind) {
  Projections p{projections(x.q, w, kind), projections(x.k, w, kind)};
  require_finite_logits(routine, p.q, "omega . q'");
  require_finite_logits(routine, p.k, "omega . k'");
  if (kind == FeatureKind::trig) require_finite_logits(routine, x.k.rowwise().squaredNorm(), "||k'||^2");
  return p;
}

// log phi for both sides (positive, hyperbolic), refused beyond the double range.
Projections checked_log_features(const char* routine, const Scaled& x, const MatrixXd& w, FeatureKind kind) {
  Projections l{log_features(x.q, w, kind), log_features(x.k, w, kind)};
  require_finite_logits(routine, l.q, "omega . q' - ||q'||^2 / 2");
  require_finite_logits(routine, l.k, "omega . k' - ||k'||^2 / 2");
  return l;
}

// ---------------------------------------------------------------------------------------------
// Log-domain positive / hyperbolic attention (R12)

// The shifts of R12: key column l by its maximum c_l (moved onto the queries), query row i by the
// maximum of its shifted logs, so every exponential is <= 1. A_hat = diag(e^top) weights E^T.
struct Shifted {
  MatrixXd e;        // exp(L_K - c), n_k x M
  MatrixXd weights;  // exp(L_Q + c - top), n_q x M
  VectorXd top;
};
Shifted shifted(const MatrixXd& lq, const MatrixXd& lk) {
  const Eigen::RowVectorXd c = lk.colwise().maxCoeff();
  const MatrixXd a = lq.rowwise() + c;
  const VectorXd top = a.rowwise().maxCoeff();
  return {(lk.rowwise() - c).array().exp().matrix(), (a.colwise() - top).array().exp().matrix(), top};
}

// Non-causal: with the shifts above every denominator is >= 1.
void log_domain_full(const MatrixXd& lq, const MatrixXd& lk, const MatrixXd& v, PerformerAttention& result) {
  const Shifted sh = shifted(lq, lk);
  const VectorXd den = sh.weights * sh.e.colwise().sum().transpose();
  result.out = (sh.weights * (sh.e.transpose() * v)).array().colwise() / den.array();
  result.log_denominator = sh.top.array() + den.array().log();
}

// Causal: a running maximum per key column; when key i raises it, the column's sums are rescaled
// (the online-softmax step), so the state stays M x d_v.
void log_domain_causal(const MatrixXd& lq, const MatrixXd& lk, const MatrixXd& v, PerformerAttention& result) {
  const Index n = lq.rows(), features = lq.cols();
  const bool values = v.cols() > 0;  // rows of an n x 0 matrix would offset a null pointer
  Eigen::RowVectorXd c = Eigen::RowVectorXd::Constant(features, -kInf);
  MatrixXd s = MatrixXd::Zero(features, v.cols());
  VectorXd z = VectorXd::Zero(features);
  result.out.resize(n, v.cols());
  result.log_denominator.resize(n);
  for (Index i = 0; i < n; ++i) {
    for (Index l = 0; l < features; ++l) {
      const double key = lk(i, l);
      if (key > c(l)) {
        const double shrink = std::exp(c(l) - key);
        if (values) s.row(l) *= shrink;
        z(l) *= shrink;
        c(l) = key;
      }
      const double e = std::exp(key - c(l));
      if (values) s.row(l) += e * v.row(i);
      z(l) += e;
    }
    const Eigen::RowVectorXd a = lq.row(i) + c;
    const double top = a.maxCoeff();
    const Eigen::RowVectorXd weights = (a.array() - top).exp().matrix();
    const double den = weights.dot(z);
    if (values) result.out.row(i) = weights * s / den;
    result.log_denominator(i) = top + std::log(den);
  }
}

// ---------------------------------------------------------------------------------------------
// Linear attention from explicit features (trig, reference epsilon, naive)

// out = num / den, where num_i = fq_i (sum_j fk_j v_j^T) and den_i = fq_i . sum_j fk_j (j <= i if causal).
struct Ratio {
  MatrixXd num;
  VectorXd den;
};
Ratio linear_ratio(const MatrixXd& fq, const MatrixXd& fk, const MatrixXd& v, bool causal) {
  if (!causal) return {fq * (fk.transpose() * v), fq * fk.colwise().sum().transpose()};
  Ratio r{MatrixXd(fq.rows(), v.cols()), VectorXd(fq.rows())};
  MatrixXd s = MatrixXd::Zero(fk.cols(), v.cols());
  VectorXd z = VectorXd::Zero(fk.cols());
  const bool values = v.cols() > 0;  // rows of an n x 0 matrix would offset a null pointer
  for (Index i = 0; i < fq.rows(); ++i) {
    if (values) s.noalias() += fk.row(i).transpose() * v.row(i);
    z += fk.row(i).transpose();
    if (values) r.num.row(i) = fq.row(i) * s;
    r.den(i) = fq.row(i).dot(z);
  }
  return r;
}

// Trig: the query factor exp(||q'||^2 / 2) cancels and is dropped; keys carry exp(||k'||^2 / 2 - max).
// A denominator <= 0 is reported, not hidden: its row is num / den as IEEE computes it.
void trig_attention(const Scaled& x, const Projections& p, const MatrixXd& v, bool causal, PerformerAttention& result) {
  const VectorXd half_q = 0.5 * x.q.rowwise().squaredNorm(), half_k = 0.5 * x.k.rowwise().squaredNorm();
  const double k_max = half_k.maxCoeff();
  const MatrixXd fk = trig_features(p.k).array().colwise() * (half_k.array() - k_max).exp();
  const Ratio r = linear_ratio(trig_features(p.q), fk, v, causal);
  result.out = r.num.array().colwise() / r.den.array();
  result.log_denominator.resize(r.den.size());
  for (Index i = 0; i < r.den.size(); ++i) {
    if (r.den(i) > 0.0) {
      result.log_denominator(i) = half_q(i) + k_max + std::log(r.den(i));
    } else {
      result.log_denominator(i) = kNaN;
      result.nonpositive_rows.push_back(static_cast<int>(i));
    }
  }
}

// The reference code's stabiliser: queries shifted by their row maximum of omega.x', keys by the
// global one, then eps added to every feature (a bias: with huge inputs every row becomes mean(V)).
void reference_eps_attention(const Scaled& x, const Projections& p, const MatrixXd& v, const PerformerOptions& o,
                             PerformerAttention& result) {
  const MatrixXd &pq = p.q, &pk = p.k;
  const double ratio = 1.0 / std::sqrt(static_cast<double>(pq.cols()));
  const VectorXd q_shift = pq.rowwise().maxCoeff();
  const double k_shift = pk.maxCoeff();
  MatrixXd fq = pq.colwise() - (q_shift + 0.5 * x.q.rowwise().squaredNorm());
  MatrixXd fk = pk.colwise() - 0.5 * x.k.rowwise().squaredNorm();
  fq = ratio * (fq.array().exp() + o.eps).matrix();
  fk = ratio * ((fk.array() - k_shift).exp() + o.eps).matrix();
  const Ratio r = linear_ratio(fq, fk, v, o.causal);
  result.out = r.num.array().colwise() / r.den.array();
  result.log_denominator = r.den.array().log() + q_shift.array() + k_shift;
}

// Naive: the features exactly as written, exp(omega.x') exp(-||x'||^2 / 2) (trig: exp(||x'||^2 / 2)
// cos, sin), which overflow and underflow into 0/0 and inf/inf on large inputs (T-P4).
MatrixXd naive_features(const MatrixXd& x, const MatrixXd& w, FeatureKind kind) {
  const VectorXd half = 0.5 * x.rowwise().squaredNorm();
  if (kind == FeatureKind::trig) return trig_features(x, w).array().colwise() * half.array().exp();
  const MatrixXd p = projections(x, w, kind);
  return (p.array().exp().colwise() * (-half).array().exp()) / std::sqrt(static_cast<double>(p.cols()));
}

void naive_attention(const Scaled& x, const MatrixXd& w, const MatrixXd& v, const PerformerOptions& o,
                     PerformerAttention& result) {
  const Ratio r = linear_ratio(naive_features(x.q, w, o.kind), naive_features(x.k, w, o.kind), v, o.causal);
  result.out = r.num.array().colwise() / r.den.array();
  result.log_denominator = r.den.array().log();
}

MatrixXd omegas_for(const MatrixXd& q, const PerformerOptions& o) {
  const char* routine = "performer_attention";
  if (o.w) {
    check_omegas(routine, *o.w, q.cols());
    return *o.w;
  }
  detail::check_feature_count(routine, o.m);
  return draw_omegas(static_cast<int>(q.cols()), o.m, o.orthogonal, o.norms, o.seed);
}

// ---------------------------------------------------------------------------------------------
// The approximate matrix

// Row i of the positive / hyperbolic matrix in the log domain with its own maxima, for causal rows
// whose shared shift left every entry below the double range.
void log_domain_row(const MatrixXd& lq, const MatrixXd& lk, Index i, Index keys, MatrixXd& p) {
  VectorXd logs(keys);
  for (Index j = 0; j < keys; ++j) {
    const Eigen::RowVectorXd t = lq.row(i) + lk.row(j);
    const double top = t.maxCoeff();
    logs(j) = top + std::log((t.array() - top).exp().sum());
  }
  const double top = logs.maxCoeff();
  const VectorXd e = (logs.array() - top).exp();
  p.row(i).head(keys) = e.transpose() / e.sum();
}

MatrixXd log_domain_matrix(const MatrixXd& lq, const MatrixXd& lk, bool causal) {
  const Shifted sh = shifted(lq, lk);
  MatrixXd p = sh.weights * sh.e.transpose();
  for (Index i = 0; i < p.rows(); ++i) {
    const Index keys = causal ? i + 1 : p.cols();
    if (causal) p.row(i).tail(p.cols() - keys).setZero();
    const double sum = p.row(i).head(keys).sum();
    if (sum >= 1e-280) p.row(i) /= sum;
    else log_domain_row(lq, lk, i, keys, p);
  }
  return p;
}

MatrixXd trig_matrix(const Scaled& x, const Projections& pr, bool causal) {
  const VectorXd half_k = 0.5 * x.k.rowwise().squaredNorm();
  const MatrixXd fk = trig_features(pr.k).array().colwise() * (half_k.array() - half_k.maxCoeff()).exp();
  MatrixXd p = trig_features(pr.q) * fk.transpose();
  for (Index i = 0; i < p.rows(); ++i) {
    const Index keys = causal ? i + 1 : p.cols();
    if (causal) p.row(i).tail(p.cols() - keys).setZero();
    p.row(i) /= p.row(i).head(keys).sum();
  }
  return p;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public routines

PerformerFeatures performer_features(const MatrixXd& x, const MatrixXd& w, FeatureKind kind, double scale) {
  const char* routine = "performer_features";
  detail::require_finite(routine, "X", x);
  check_omegas(routine, w, x.cols());
  if (!(scale >= 0.0) || !std::isfinite(scale))
    throw std::out_of_range(std::string(routine) + ": scale = " + number_text(scale) + " must be finite and >= 0");
  const MatrixXd xs = std::sqrt(scale) * x;
  if (kind == FeatureKind::trig) return {trig_features(xs, w), 0.5 * xs.rowwise().squaredNorm()};
  const MatrixXd l = log_features(xs, w, kind);
  const VectorXd top = l.rowwise().maxCoeff();
  return {(l.colwise() - top).array().exp().matrix(), top};
}

SoftmaxAttention softmax_attention(const MatrixXd& q, const MatrixXd& k, const MatrixXd& v, double scale, bool causal) {
  const char* routine = "softmax_attention";
  check_head(routine, q, k);
  check_values(routine, k, v);
  check_causal(routine, q, k, causal);
  check_scale(routine, scale);
  check_work(routine, static_cast<double>(q.rows()) * k.rows() * (q.cols() + v.cols()), kMaxAttentionWork,
             "n_q * n_k * (d + d_v)");
  SoftmaxAttention result{MatrixXd(q.rows(), v.cols()), VectorXd(q.rows())};
  constexpr Index kBlock = 64;  // rows of logits held at once
  for (Index start = 0; start < q.rows(); start += kBlock) {
    const Index rows = std::min(kBlock, q.rows() - start);
    MatrixXd logits = scale * (q.middleRows(start, rows) * k.transpose());
    require_finite_logits(routine, logits, "scale * Q K^T");
    if (causal)
      for (Index r = 0; r < rows; ++r) logits.row(r).tail(k.rows() - (start + r) - 1).setConstant(-kInf);
    const VectorXd top = logits.rowwise().maxCoeff();
    const MatrixXd weights = (logits.colwise() - top).array().exp().matrix();
    const VectorXd sums = weights.rowwise().sum();
    result.out.middleRows(start, rows) = detail::with_tame_columns(
        v, static_cast<double>(k.rows()), true,
        [&](const MatrixXd& tame) { return MatrixXd((weights * tame).array().colwise() / sums.array()); });
    result.log_normalizer.segment(start, rows) = top.array() + sums.array().log();
  }
  return result;
}

MatrixXd softmax_attention_weights(const MatrixXd& q, const MatrixXd& k, double scale, bool causal) {
  const char* routine = "softmax_attention_weights";
  check_head(routine, q, k);
  check_causal(routine, q, k, causal);
  check_scale(routine, scale);
  check_work(routine, static_cast<double>(q.rows()) * k.rows() * q.cols(), kMaxMatrixWork, "n_q * n_k * d");
  MatrixXd p = scale * (q * k.transpose());
  require_finite_logits(routine, p, "scale * Q K^T");
  for (Index i = 0; i < p.rows(); ++i) {
    const Index keys = causal ? i + 1 : p.cols();
    const double top = p.row(i).head(keys).maxCoeff();
    p.row(i).head(keys) = (p.row(i).head(keys).array() - top).exp();
    p.row(i).tail(p.cols() - keys).setZero();
    p.row(i) /= p.row(i).sum();
  }
  return p;
}

double largest_logit(const MatrixXd& q, const MatrixXd& k, double scale) {
  const char* routine = "largest_logit";
  check_head(routine, q, k);
  if (q.rows() < 1)
    throw std::invalid_argument(std::string(routine) + ": Q has no rows (at least one query is needed)");
  check_scale(routine, scale);
  check_work(routine, static_cast<double>(q.rows()) * k.rows() * q.cols(), kMaxMatrixWork, "n_q * n_k * d");
  // The logits one block of query rows at a time (about 2^16 of them), so a long sequence needs no
  // n_q x n_k matrix.
  const Index block = std::max<Index>(1, (Index{1} << 16) / std::max<Index>(1, k.rows()));
  double top = -std::numeric_limits<double>::infinity();
  for (Index start = 0; start < q.rows(); start += block) {
    const MatrixXd p = scale * (q.middleRows(start, std::min(block, q.rows() - start)) * k.transpose());
    require_finite_logits(routine, p, "scale * Q K^T");
    top = std::max(top, p.maxCoeff());
  }
  return top;
}

PerformerAttention performer_attention(const MatrixXd& q, const MatrixXd& k, const MatrixXd& v,
                                       const PerformerOptions& o) {
  const char* routine = "performer_attention";
  check_head(routine, q, k);
  check_values(routine, k, v);
  check_causal(routine, q, k, o.causal);
  const double scale = o.scale.value_or(1.0 / std::sqrt(static_cast<double>(q.cols())));
  check_scale(routine, scale);
  if (!(o.eps >= 0.0) || !std::isfinite(o.eps))
    throw std::out_of_range(std::string(routine) + ": eps = " + number_text(o.eps) + " must be finite and >= 0");
  if (o.stabilizer == Stabilizer::reference_eps && o.kind == FeatureKind::trig)
    throw std::invalid_argument(std::string(routine) +
                                ": stabilizer 'reference_eps' applies to positive and hyperbolic features, not trig");
  const double m = o.w ? static_cast<double>(o.w->rows()) : o.m;
  check_work(routine, (static_cast<double>(q.rows()) + k.rows()) * 2.0 * m * (q.cols() + v.cols()), kMaxAttentionWork,
             "(n_q + n_k) * M * (d + d_v)");
  PerformerAttention result;
  result.w = omegas_for(q, o);
  // Sums over n_k keys and M features, each weight at most 1 (log domain; the others bounded alike).
  const double growth = static_cast<double>(k.rows()) * feature_count(o.kind, result.w.rows()) * (1.0 + o.eps);
  const Scaled x = scaled_inputs(q, k, scale);
  if (o.stabilizer == Stabilizer::none) {
    naive_attention(x, result.w, v, o, result);
  } else if (o.stabilizer == Stabilizer::reference_eps) {
    const Projections p = checked_projections(routine, x, result.w, o.kind);
    result.out = detail::with_tame_columns(v, growth, true, [&](const MatrixXd& tame) {
      reference_eps_attention(x, p, tame, o, result);
      return result.out;
    });
  } else if (o.kind == FeatureKind::trig) {
    const Projections p = checked_projections(routine, x, result.w, o.kind);
    require_finite_logits(routine, x.q.rowwise().squaredNorm(), "||q'||^2");  // enters log D
    result.out = detail::with_tame_columns(v, growth, false, [&](const MatrixXd& tame) {
      trig_attention(x, p, tame, o.causal, result);
      return result.out;
    });
  } else {
    const Projections l = checked_log_features(routine, x, result.w, o.kind);
    result.out = detail::with_tame_columns(v, growth, true, [&](const MatrixXd& tame) {
      if (o.causal) log_domain_causal(l.q, l.k, tame, result);
      else log_domain_full(l.q, l.k, tame, result);
      return result.out;
    });
  }
  return result;
}

PerformerMatrix performer_attention_matrix(const MatrixXd& q, const MatrixXd& k, const MatrixXd& w, FeatureKind kind,
                                           double scale, bool causal) {
  const char* routine = "performer_attention_matrix";
  check_head(routine, q, k);
  check_causal(routine, q, k, causal);
  check_scale(routine, scale);
  check_omegas(routine, w, q.cols());
  check_work(routine, static_cast<double>(q.rows()) * k.rows() * feature_count(kind, w.rows()), kMaxMatrixWork,
             "n_q * n_k * M");
  const Scaled x = scaled_inputs(q, k, scale);
  PerformerMatrix result;
  if (kind == FeatureKind::trig) {
    result.p = trig_matrix(x, checked_projections(routine, x, w, kind), causal);
  } else {
    const Projections l = checked_log_features(routine, x, w, kind);
    result.p = log_domain_matrix(l.q, l.k, causal);
  }
  result.tv = 0.5 * (result.p - softmax_attention_weights(q, k, scale, causal)).cwiseAbs().rowwise().sum();
  return result;
}

}  // namespace mathlets
