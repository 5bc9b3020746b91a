// Random projections for Performer features (performer.md, section 2.2): i.i.d. or block-orthogonal
// Gaussian directions by Gram-Schmidt (run twice), chi / fixed / quantile norms, and the unsigned
// Householder QR of the reference code, kept only to show its bias (R16).
#include "mathlets/performer.hpp"

#include "number_text.hpp"
#include "performer_detail.hpp"

#include <Eigen/QR>

#include <cmath>
#include <stdexcept>
#include <string>

namespace mathlets {
namespace {

// Caps W at 2^22 entries (32 MB): larger draws are no demo and would stall a page.
constexpr double kMaxOmegaEntries = 4194304.0;

void check_sizes(int d, int m) {
  detail::check_head_size("draw_omegas", d);
  detail::check_feature_count("draw_omegas", m);
  if (static_cast<double>(m) * d > kMaxOmegaEntries)
    throw std::out_of_range("draw_omegas: m * d = " + number_text(static_cast<double>(m) * d) +
                            " entries is above the limit of 4194304");
}

void fill_row(Eigen::MatrixXd& g, Eigen::Index row, GaussianStream& stream) {
  for (Eigen::Index j = 0; j < g.cols(); ++j) g(row, j) = stream.next();
}

Eigen::MatrixXd gaussian_matrix(Eigen::Index rows, Eigen::Index cols, GaussianStream& stream) {
  Eigen::MatrixXd g(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i) fill_row(g, i, stream);
  return g;
}

// Unit direction of row l, orthogonal to the earlier rows [block_start, l) of `directions` (modified
// Gram-Schmidt, twice). A row that (with probability 0) lies in their span, or is 0, is redrawn.
void orthogonal_direction(Eigen::MatrixXd& g, Eigen::MatrixXd& directions, Eigen::Index block_start, Eigen::Index l,
                          GaussianStream& stream) {
  for (;;) {
    Eigen::RowVectorXd v = g.row(l);
    for (int pass = 0; pass < 2; ++pass)
      for (Eigen::Index j = block_start; j < l; ++j) v -= directions.row(j).dot(v) * directions.row(j);
    const double norm = v.norm(), original = g.row(l).norm();
    if (norm > 0.0 && norm >= 1e-10 * original) {
      directions.row(l) = v / norm;
      return;
    }
    fill_row(g, l, stream);
  }
}

Eigen::MatrixXd householder_unsigned(int d, int m, OmegaNorms norms, GaussianStream& stream) {
  const int blocks = (m + d - 1) / d;
  Eigen::MatrixXd w(m, d);
  for (int b = 0; b < blocks; ++b) {
    const Eigen::MatrixXd block = gaussian_matrix(d, d, stream);
    const Eigen::MatrixXd q = Eigen::HouseholderQR<Eigen::MatrixXd>(block).householderQ();
    for (int r = 0; r < d && b * d + r < m; ++r) w.row(b * d + r) = q.col(r).transpose();
  }
  const Eigen::MatrixXd chi_rows = norms == OmegaNorms::chi ? gaussian_matrix(m, d, stream) : Eigen::MatrixXd();
  const Eigen::VectorXd rule = norms == OmegaNorms::chi ? Eigen::VectorXd() : detail::rule_norms(norms, d, m);
  for (int l = 0; l < m; ++l) w.row(l) *= norms == OmegaNorms::chi ? chi_rows.row(l).norm() : rule(l);
  return w;
}

}  // namespace

Eigen::VectorXd detail::rule_norms(OmegaNorms norms, int d, int m) {
  Eigen::VectorXd r(m);
  for (int l = 0; l < m; ++l)
    r(l) = norms == OmegaNorms::fixed ? std::sqrt(static_cast<double>(d)) : chi_quantile(d, (l + 1.0) / (m + 1.0));
  return r;
}

Eigen::MatrixXd draw_omegas(int d, int m, bool orthogonal, OmegaNorms norms, GaussianStream& stream, OmegaQr qr) {
  check_sizes(d, m);
  if (qr == OmegaQr::householder_unsigned) {
    if (!orthogonal) throw std::invalid_argument("draw_omegas: qr 'householder_unsigned' needs orthogonal draws");
    return householder_unsigned(d, m, norms, stream);
  }
  Eigen::MatrixXd g = gaussian_matrix(m, d, stream);
  if (!orthogonal && norms == OmegaNorms::chi) return g;
  Eigen::MatrixXd directions(m, d);
  for (int l = 0; l < m; ++l) {
    if (orthogonal) {
      orthogonal_direction(g, directions, (l / d) * d, l, stream);
    } else {
      while (g.row(l).norm() == 0.0) fill_row(g, l, stream);
      directions.row(l) = g.row(l) / g.row(l).norm();
    }
  }
  const Eigen::VectorXd rule = norms == OmegaNorms::chi ? Eigen::VectorXd() : detail::rule_norms(norms, d, m);
  for (int l = 0; l < m; ++l) directions.row(l) *= norms == OmegaNorms::chi ? g.row(l).norm() : rule(l);
  return directions;
}

Eigen::MatrixXd draw_omegas(int d, int m, bool orthogonal, OmegaNorms norms, std::uint64_t seed, OmegaQr qr) {
  GaussianStream stream(seed);
  return draw_omegas(d, m, orthogonal, norms, stream, qr);
}

}  // namespace mathlets
