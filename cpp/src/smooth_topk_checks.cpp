// Argument checks and the +-inf limit rules shared by every smooth top-k routine.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "number_text.hpp"

#include "smooth_topk_detail.hpp"

namespace mathlets::topk_detail {

void check_tau(const char* routine, double tau) {
  if (!(tau > 0) || !std::isfinite(tau))
    throw std::invalid_argument(std::string(routine) + ": tau = " + number_text(tau) + " must be finite and > 0");
}

double check_k(const char* routine, double k, std::size_t n, bool integer_k) {
  if (!(k >= 0) || !(k <= static_cast<double>(n)))
    throw std::out_of_range(std::string(routine) + ": k = " + number_text(k) +
                            " is out of range for n = " + std::to_string(n));
  if (integer_k && k != std::floor(k))
    throw std::invalid_argument(std::string(routine) + ": k = " + number_text(k) + " must be an integer");
  return k;
}

void check_size(const char* routine, const char* name, std::size_t size, std::size_t n) {
  if (size != n)
    throw std::invalid_argument(std::string(routine) + ": " + name + " has " + std::to_string(size) +
                                " entries but x has " + std::to_string(n));
}

void require_no_infinity(const char* routine, std::span<const double> x) {
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::isinf(x[i]))
      throw std::domain_error(std::string(routine) + ": x[" + std::to_string(i) + "] = " + number_text(x[i]) +
                              " is infinite; this scheme is defined for finite scores only");
}

void divide_by_tau(const char* routine, const char* what, std::vector<double>& m, double tau, int e2) {
  double largest = 0;
  for (double v : m)
    if (!std::isnan(v)) largest = std::max(largest, std::fabs(v));
  if (std::isinf(largest))
    throw std::out_of_range(std::string(routine) + ": tau = " + number_text(tau) + " is too small for these scores: " +
                            what + " (times tau) are already beyond the largest double; a larger tau is needed");
  int et = 0;
  const double mt = std::frexp(tau, &et);  // tau = mt 2^et: one rounding (v / mt), then a power of 2
  bool overflow = false;
  for (double& v : m) overflow |= std::isinf(v = std::ldexp(v / mt, e2 - et));
  if (overflow) {
    const double need = std::ldexp(largest, e2) / std::numeric_limits<double>::max();
    throw std::out_of_range(std::string(routine) + ": tau = " + number_text(tau) + " is too small for these scores: " +
                            what + " reach " + number_text(largest) + (e2 != 0 ? " * 2^" + std::to_string(e2) : "") +
                            " / tau, beyond the largest double; tau must be at least " + number_text(need) + " here");
  }
}

int magnitude_exponent(std::span<const double> v) {
  double largest = 0;
  for (double a : v)
    if (!std::isnan(a)) largest = std::max(largest, std::fabs(a));
  if (!(largest > 0) || std::isinf(largest)) return 0;
  int e = 0;
  std::frexp(largest, &e);
  return e;
}

bool has_nan(std::span<const double> x) {
  return std::any_of(x.begin(), x.end(), [](double v) { return std::isnan(v); });
}

FiniteProblem split_infinite(std::span<const double> x, double k, std::span<double> p) {
  FiniteProblem fp;
  std::size_t pos = 0, neg = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] == kInf) ++pos;
    else if (x[i] == -kInf) ++neg;
    else {
      fp.index.push_back(i);
      fp.value.push_back(x[i]);
    }
  }
  fp.pos_inf = pos;
  fp.neg_inf = neg;
  std::fill(p.begin(), p.end(), 0.0);
  // +inf entries come first: with more of them than k they split k; otherwise each takes one slot.
  if (pos > 0 && static_cast<double>(pos) >= k) {
    for (std::size_t i = 0; i < x.size(); ++i)
      if (x[i] == kInf) p[i] = k / static_cast<double>(pos);
    fp.budget = 0;
    return fp;
  }
  double left = k - static_cast<double>(pos);
  for (std::size_t i = 0; i < x.size(); ++i)
    if (x[i] == kInf) p[i] = 1.0;
  const double finite = static_cast<double>(fp.index.size());
  if (finite >= left) {
    fp.budget = left;  // -inf entries keep 0
    return fp;
  }
  // Too few finite entries: they all saturate and the -inf entries share the deficit.
  fp.budget = finite;
  fp.deficit = true;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (x[i] == -kInf) p[i] = (left - finite) / static_cast<double>(neg);
  return fp;
}

double shifted_scores(std::span<const double> v, double tau, std::vector<double>& z) {
  const double m = *std::max_element(v.begin(), v.end());
  z.resize(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) z[i] = (v[i] - m) / tau;
  return m;
}

}  // namespace mathlets::topk_detail
