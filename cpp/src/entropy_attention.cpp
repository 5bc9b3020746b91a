// Attention entropies per row (section 2.3), the seeded queries and keys (section 2.4) and the
// entropy-versus-length sweep (section 2.5). The one Eigen product of the entropy sources lives here.
#include "entropy_detail.hpp"
#include "mathlets/entropy.hpp"
#include "mathlets/gaussian_stream.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace mathlets {
namespace detail {

RowMajorMatrix products(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) { return a * b.transpose(); }

}  // namespace detail

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

void check_work(const char* fn, double work) {
  if (work > kMaxEntropyWork)
    throw std::out_of_range(std::string(fn) + ": the input needs " + number_text(work) +
                            " multiply-adds; the limit is 1.5e8 (use fewer rows, keys or dimensions)");
}

double length_factor(LengthScale rule, double visible, double position, double base) {
  switch (rule) {
    case LengthScale::none: return 1;
    case LengthScale::global: return log_base(visible, base);
    case LengthScale::per_row: return log_base(position, base);
    case LengthScale::per_row_clipped: return std::max(1.0, log_base(position, base));
  }
  return 1;
}

Eigen::MatrixXd draw(int rows, int d, std::uint64_t seed, KeyDistribution dist, const char* what) {
  Eigen::MatrixXd m(rows, d);
  GaussianStream stream(seed);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < d; ++j) m(i, j) = stream.next();
  if (dist == KeyDistribution::sphere)
    for (int i = 0; i < rows; ++i) {
      const double norm = m.row(i).norm();
      if (!(norm > 0))
        throw std::runtime_error(std::string("draw_") + what + ": row " + std::to_string(i) +
                                 " is zero and cannot be put on the sphere");
      m.row(i) *= std::sqrt(static_cast<double>(d)) / norm;
    }
  return m;
}

void check_draw(const char* fn, int rows, int d, KeyDistribution dist) {
  detail::check_range(fn, "rows", rows, 1, kMaxSequenceLength, "in [1, 2^20]");
  if (dist == KeyDistribution::sphere)
    detail::check_range(fn, "d", d, 3, kMaxEntropyHeadSize, "in [3, 4096] for sphere keys");
  else detail::check_range(fn, "d", d, 1, kMaxEntropyHeadSize, "in [1, 4096]");
  check_work(fn, static_cast<double>(rows) * d);
}

}  // namespace

Eigen::MatrixXd draw_queries(int rows, int d, std::uint64_t seed, KeyDistribution dist) {
  check_draw("draw_queries", rows, d, dist);
  return draw(rows, d, seed, dist, "queries");
}

Eigen::MatrixXd draw_keys(int n, int d, std::uint64_t seed, KeyDistribution dist) {
  check_draw("draw_keys", n, d, dist);
  return draw(n, d, seed ^ kKeyStreamXor, dist, "keys");
}

namespace {

// Row by row over a row-major copy (S^T's layout in Eigen's default order would stride every read).
AttentionEntropy row_entropies(const detail::RowMajorMatrix& s, double scale, const AttentionEntropyOptions& o) {
  const char* fn = "attention_entropy";
  detail::check_range(fn, "scale", scale, 0.0, std::numeric_limits<double>::max(), ">= 0 and finite");
  detail::check_range(fn, "base", o.base, 2.0, std::numeric_limits<double>::max(), ">= 2 and finite");
  detail::check_range(fn, "gain", o.gain, 1e-300, std::numeric_limits<double>::max(), "> 0 and finite");
  if (s.rows() == 0 || s.cols() == 0)
    throw std::invalid_argument("attention_entropy: S is empty (" + std::to_string(s.rows()) + "x" +
                                std::to_string(s.cols()) + ")");
  for (Eigen::Index i = 0; i < s.rows(); ++i)
    for (Eigen::Index j = 0; j < s.cols(); ++j)
      if (std::isnan(s(i, j)) || s(i, j) == kInf)
        throw std::invalid_argument("attention_entropy: S[" + std::to_string(i) + "][" + std::to_string(j) + "] is " +
                                    number_text(s(i, j)) + " (scores must be finite, or -inf for a masked key)");
  AttentionEntropy r;
  const auto rows = static_cast<std::size_t>(s.rows());
  for (auto* v : {&r.entropy, &r.perplexity, &r.max_weight, &r.lambda, &r.visible, &r.fast_bound}) v->resize(rows);
  std::vector<double> z;
  for (Eigen::Index i = 0; i < s.rows(); ++i) {
    const Eigen::Index cols = o.causal ? std::min<Eigen::Index>(i + 1, s.cols()) : s.cols();
    double visible = 0, top = -kInf, sum = 0;
    for (Eigen::Index j = 0; j < cols; ++j)
      if (s(i, j) > -kInf) {
        visible += 1;
        top = std::max(top, s(i, j));
        sum += s(i, j);
      }
    if (visible == 0)
      throw std::invalid_argument("attention_entropy: S row " + std::to_string(i) + " has no visible key (all -inf)");
    const double lambda = o.gain * scale * length_factor(o.length_scale, visible, static_cast<double>(i + 1), o.base);
    if (!std::isfinite(lambda))
      throw std::out_of_range("attention_entropy: gain * scale * length factor = " + number_text(lambda) +
                              " overflows; gain and scale must keep it finite");
    z.assign(static_cast<std::size_t>(cols), -kInf);
    for (Eigen::Index j = 0; j < cols; ++j)
      if (s(i, j) > -kInf) z[static_cast<std::size_t>(j)] = lambda * s(i, j);
    const RowEntropy e = row_entropy_parts(z);
    const auto k = static_cast<std::size_t>(i);
    r.entropy[k] = e.entropy;
    r.perplexity[k] = std::exp(e.entropy);
    r.max_weight[k] = e.max_weight;
    r.lambda[k] = lambda;
    r.visible[k] = visible;
    // The mean may overflow for scores near the double range; the bound is then -inf, still a bound.
    const double gap = top - sum / visible;
    r.fast_bound[k] = lambda == 0 ? std::log(visible) : std::log(visible) - lambda * gap;
  }
  return r;
}

}  // namespace

AttentionEntropy attention_entropy(const Eigen::MatrixXd& s, double scale, const AttentionEntropyOptions& options) {
  return row_entropies(s, scale, options);
}

AttentionEntropy attention_entropy_qk(const Eigen::MatrixXd& q, const Eigen::MatrixXd& k, double scale,
                                      const AttentionEntropyOptions& options) {
  const char* fn = "attention_entropy_qk";
  if (q.cols() != k.cols())
    throw std::invalid_argument("attention_entropy_qk: Q has " + std::to_string(q.cols()) + " columns but K has " +
                                std::to_string(k.cols()));
  if (!q.allFinite()) throw std::invalid_argument("attention_entropy_qk: Q has a NaN or infinite entry");
  if (!k.allFinite()) throw std::invalid_argument("attention_entropy_qk: K has a NaN or infinite entry");
  check_work(fn, static_cast<double>(q.rows()) * static_cast<double>(k.rows()) * static_cast<double>(q.cols()));
  const detail::RowMajorMatrix s = detail::products(q, k);
  if (!s.allFinite())
    throw std::invalid_argument("attention_entropy_qk: Q K^T overflows (an entry is not finite); scale Q or K down");
  return row_entropies(s, scale, options);
}

namespace {

void check_lists(const EntropySweepOptions& o) {
  if (o.lengths.empty() || o.lengths.size() > 64)
    throw std::out_of_range("entropy_vs_length: lengths must hold 1 to 64 lengths (got " +
                            std::to_string(o.lengths.size()) + ")");
  if (o.modes.empty() || o.modes.size() > 6)
    throw std::out_of_range("entropy_vs_length: modes must hold 1 to 6 modes (got " + std::to_string(o.modes.size()) +
                            ")");
}

void check_sweep(const EntropySweepOptions& o, double keys) {
  const char* fn = "entropy_vs_length";
  if (o.keys == KeyDistribution::sphere)
    detail::check_range(fn, "d", o.d, 3, kMaxEntropyHeadSize, "in [3, 4096] for sphere keys");
  else detail::check_range(fn, "d", o.d, 1, kMaxEntropyHeadSize, "in [1, 4096]");
  detail::check_range(fn, "rows", o.rows, 2, kMaxEntropyRows, "in [2, 4096]");
  detail::check_range(fn, "gain", o.gain, 1e-300, std::numeric_limits<double>::max(), "> 0 and finite");
  detail::check_range(fn, "base", o.base, 2.0, std::numeric_limits<double>::max(), ">= 2 and finite");
  double total = 0;
  for (const double n : o.lengths) {
    if (!(n >= 1 && n <= kMaxSequenceLength) || n != std::floor(n))
      throw std::out_of_range("entropy_vs_length: lengths hold " + number_text(n) +
                              "; each must be a whole number in [1, 2^20]");
    total += n;
  }
  if (o.max_keys != 0 && !(o.max_keys >= 1 && o.max_keys <= kMaxSequenceLength && o.max_keys == std::floor(o.max_keys)))
    throw std::out_of_range("entropy_vs_length: max_keys = " + number_text(o.max_keys) +
                            " must be 0 or a whole number in [1, 2^20]");
  check_work(fn, keys * o.rows * o.d);
  check_work(fn, total * o.rows * static_cast<double>(o.modes.size()));
}

std::vector<double> prefix(const detail::RowMajorMatrix& scores, int row, double n, double lambda) {
  std::vector<double> z(static_cast<std::size_t>(n));
  for (std::size_t j = 0; j < z.size(); ++j) z[j] = lambda * scores(row, static_cast<Eigen::Index>(j));
  return z;
}

// Q K^T computed in blocks of 256 keys, the last one padded with zero keys: every block is the same
// product shape, so a key's scores do not depend on how many keys were drawn (Eigen's summation order
// changes with the shape), and a longer draw shares the shorter one's statistics bit for bit.
detail::RowMajorMatrix keyed_products(const Eigen::MatrixXd& q, const Eigen::MatrixXd& k) {
  constexpr Eigen::Index kBlock = 256;
  detail::RowMajorMatrix out(q.rows(), k.rows());
  Eigen::MatrixXd block(kBlock, k.cols());
  for (Eigen::Index start = 0; start < k.rows(); start += kBlock) {
    const Eigen::Index len = std::min(kBlock, k.rows() - start);
    block.setZero();
    block.topRows(len) = k.middleRows(start, len);
    out.middleCols(start, len) = detail::products(q, block).leftCols(len);
  }
  return out;
}

bool has_normalized(const EntropySweepOptions& o) {
  return std::find(o.modes.begin(), o.modes.end(), SweepMode::entropy_normalized) != o.modes.end();
}

// The keys a sweep needs: the largest length, max_keys, and base (whole) for entropy_normalized.
double keys_needed(const EntropySweepOptions& o) {
  double keys = std::max(*std::max_element(o.lengths.begin(), o.lengths.end()), o.max_keys);
  if (has_normalized(o)) {  // the rows' entropies at L0 are the targets
    if (!(o.base >= 2 && o.base <= kMaxSequenceLength && o.base == std::floor(o.base)))
      throw std::out_of_range("entropy_vs_length: base = " + number_text(o.base) +
                              " must be a whole number in [2, 2^20] for the entropy_normalized mode");
    keys = std::max(keys, o.base);
  }
  return keys;
}

// The statistics per (mode, length) on scores (o.rows x at least keys_needed(o), checked by the caller).
std::vector<EntropySweepPoint> sweep(const EntropySweepOptions& o, const detail::RowMajorMatrix& scores) {
  const bool normalized = has_normalized(o);
  const double standard = o.gain / std::sqrt(static_cast<double>(o.d));
  std::vector<double> targets;
  if (normalized)
    for (int r = 0; r < o.rows; ++r) targets.push_back(row_entropy(prefix(scores, r, o.base, standard)));

  std::vector<EntropySweepPoint> points;
  for (const SweepMode mode : o.modes)
    for (const double n : o.lengths) {
      EntropySweepPoint p;
      p.mode = mode;
      p.n = n;
      p.entropy.resize(static_cast<std::size_t>(o.rows));
      if (mode == SweepMode::entropy_normalized) {
        p.lambda = standard;
        p.factors.resize(static_cast<std::size_t>(o.rows));
        std::vector<double> reachable;
        for (int r = 0; r < o.rows; ++r) {
          const std::vector<double> z = prefix(scores, r, n, standard);
          EntropyNormalization e;
          try {
            e = entropy_normalize_logits(z, targets[static_cast<std::size_t>(r)]);
          } catch (const std::runtime_error&) {  // no bracket: gamma would exceed 1e300
            e.status = NormalizeStatus::target_below_min;
            e.entropy = row_entropy(z);
          }
          const bool ok = e.status == NormalizeStatus::ok;
          p.entropy[static_cast<std::size_t>(r)] = e.entropy;
          p.factors[static_cast<std::size_t>(r)] = ok ? e.gamma : 0.0;
          if (ok) reachable.push_back(e.gamma);
          else ++p.unreachable_rows;
        }
        p.factor_median = reachable.empty() ? NAN : detail::median(reachable);
        p.annealed = NAN;
      } else {
        const Scale s = attention_scale(static_cast<ScaleMode>(mode), n, o.d, {o.base, o.gain, o.keys});
        p.lambda = s.lambda;
        p.unreachable = s.unreachable;
        const Annealed a = annealed_entropy(n, o.d, s.lambda, o.keys);
        p.annealed = a.entropy;
        p.annealed_unreliable = a.unreliable;
        for (int r = 0; r < o.rows; ++r)
          p.entropy[static_cast<std::size_t>(r)] = row_entropy(prefix(scores, r, n, s.lambda));
      }
      double bound = 0;
      for (int r = 0; r < o.rows; ++r) {
        const auto row = scores.row(r).head(static_cast<Eigen::Index>(n));
        p.fast_bounds.push_back(std::log(n) - p.lambda * (row.maxCoeff() - row.mean()));
        bound += p.fast_bounds.back();
      }
      p.fast_bound = bound / o.rows;
      const detail::Summary s = detail::summarize(p.entropy);
      detail::copy_quantiles(p, s);
      p.sd = s.sd;
      points.push_back(std::move(p));
    }
  return points;
}

}  // namespace

Eigen::MatrixXd sweep_scores(int d, int rows, int n_keys, std::uint64_t seed, KeyDistribution keys) {
  check_work("sweep_scores", static_cast<double>(rows) * n_keys * d);
  return keyed_products(draw_queries(rows, d, seed, keys), draw_keys(n_keys, d, seed, keys));
}

std::vector<EntropySweepPoint> entropy_vs_length(const EntropySweepOptions& o) {
  check_lists(o);
  const double keys = keys_needed(o);
  check_sweep(o, keys);
  if (o.max_keys != 0 && o.max_keys < *std::max_element(o.lengths.begin(), o.lengths.end()))
    throw std::out_of_range("entropy_vs_length: max_keys = " + number_text(o.max_keys) +
                            " is below the largest length");
  const Eigen::MatrixXd q = draw_queries(o.rows, o.d, o.seed, o.keys);
  const Eigen::MatrixXd k = draw_keys(static_cast<int>(keys), o.d, o.seed, o.keys);
  return sweep(o, keyed_products(q, k));
}

std::vector<EntropySweepPoint> entropy_vs_length(const EntropySweepOptions& options, const Eigen::MatrixXd& scores) {
  EntropySweepOptions o = options;
  o.rows = static_cast<int>(std::min<Eigen::Index>(scores.rows(), kMaxEntropyRows + 1));
  o.max_keys = 0;
  check_lists(o);
  const double keys = keys_needed(o);
  check_sweep(o, keys);
  if (static_cast<double>(scores.cols()) < keys)
    throw std::out_of_range("entropy_vs_length: scores has " + std::to_string(scores.cols()) +
                            " columns but the sweep needs " + number_text(keys) +
                            " keys (the largest length, and base for entropy_normalized)");
  if (!scores.allFinite()) throw std::invalid_argument("entropy_vs_length: scores has a NaN or infinite entry");
  return sweep(o, scores);
}

}  // namespace mathlets
