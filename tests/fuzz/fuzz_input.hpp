// Turns libFuzzer's bytes into the numbers a routine gets: sizes, and doubles drawn either raw or
// from a table of hostile values (NaN, infinities, denormals, extremes, signed zeros, repeats).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }

  // A count in [0, max].
  std::size_t count(std::size_t max) {
    const std::size_t raw = (std::size_t{byte()} << 8) | byte();
    return raw % (max + 1);
  }

  double number() {
    const std::uint8_t kind = byte();
    if (kind < 96) {  // raw bits: anything a double can be
      std::uint64_t bits = 0;
      for (int i = 0; i < 8; ++i) bits = (bits << 8) | byte();
      double v;
      std::memcpy(&v, &bits, sizeof v);
      return v;
    }
    if (kind < 160) return static_cast<double>(static_cast<std::int8_t>(byte())) / 4;  // small values, many repeats
    static constexpr double inf = std::numeric_limits<double>::infinity();
    // A list of values, packed: kept out of clang-format.
    // clang-format off
    static const double special[] = {
        0.0, -0.0, 1.0, -1.0, std::numeric_limits<double>::quiet_NaN(), inf, -inf,
        std::numeric_limits<double>::denorm_min(), -std::numeric_limits<double>::denorm_min(),
        std::numeric_limits<double>::min(), std::numeric_limits<double>::max(), -std::numeric_limits<double>::max(),
        1e-300, 1e300, -1e300, 88.72, 709.78, 710.0, -745.0, 1e-8, 1e8, 3.0e38, -3.0e38};
    // clang-format on
    return special[byte() % (sizeof special / sizeof special[0])];
  }

  std::vector<double> numbers(std::size_t max) {
    std::vector<double> v(count(max));
    for (double& x : v) x = number();
    return v;
  }

  // One of n choices (n >= 1).
  std::size_t choice(std::size_t n) { return byte() % n; }

  // A small finite value (multiples of 1/4 in [-32, 32)): well-conditioned building blocks.
  double small() { return static_cast<double>(static_cast<std::int8_t>(byte())) / 4; }

  // A row-major matrix of random shape (0 rows or 0 columns included) whose values have a structure
  // chosen by the bytes: raw hostile numbers, exact low rank (a product of small factors), duplicated
  // rows and columns, one common power-of-two scale from 2^-1070 to 2^1000, sparse, or small integers;
  // optionally a few hostile entries (NaN, +-inf, extremes) sprinkled over any of them.
  struct Matrix {
    std::ptrdiff_t rows = 0, cols = 0;
    std::vector<double> data;  // row-major
    double& at(std::ptrdiff_t i, std::ptrdiff_t j) { return data[static_cast<std::size_t>(i * cols + j)]; }
  };
  // rows >= 0 fixes the row count (for a factor that must match another's shape).
  Matrix matrix(std::size_t max_rows, std::size_t max_cols, std::ptrdiff_t rows = -1) {
    Matrix m;
    m.rows = rows >= 0 ? rows : static_cast<std::ptrdiff_t>(count(max_rows));
    m.cols = static_cast<std::ptrdiff_t>(count(max_cols));
    m.data.assign(static_cast<std::size_t>(m.rows * m.cols), 0.0);
    const std::uint8_t kind = byte() % 6;
    if (kind == 0) {
      for (double& v : m.data) v = number();
    } else if (kind == 1) {  // rank <= k exactly in real arithmetic (entries are small dyadic numbers)
      const std::ptrdiff_t k = static_cast<std::ptrdiff_t>(count(4));
      std::vector<double> a(static_cast<std::size_t>(m.rows * k)), b(static_cast<std::size_t>(k * m.cols));
      for (double& v : a) v = small();
      for (double& v : b) v = small();
      for (std::ptrdiff_t i = 0; i < m.rows; ++i)
        for (std::ptrdiff_t j = 0; j < m.cols; ++j)
          for (std::ptrdiff_t t = 0; t < k; ++t)
            m.at(i, j) += a[static_cast<std::size_t>(i * k + t)] * b[static_cast<std::size_t>(t * m.cols + j)];
    } else if (kind == 2) {  // duplicated rows and columns (copies of earlier ones, possibly negated)
      for (double& v : m.data) v = byte() & 1 ? small() : number();
      for (std::ptrdiff_t i = 1; i < m.rows; ++i)
        if (byte() & 1) {
          const std::ptrdiff_t src = static_cast<std::ptrdiff_t>(count(static_cast<std::size_t>(i - 1)));
          const double sign = byte() & 1 ? -1.0 : 1.0;
          for (std::ptrdiff_t j = 0; j < m.cols; ++j) m.at(i, j) = sign * m.at(src, j);
        }
      for (std::ptrdiff_t j = 1; j < m.cols; ++j)
        if (byte() & 1) {
          const std::ptrdiff_t src = static_cast<std::ptrdiff_t>(count(static_cast<std::size_t>(j - 1)));
          for (std::ptrdiff_t i = 0; i < m.rows; ++i) m.at(i, j) = m.at(i, src);
        }
    } else if (kind == 3) {  // one extreme scale for the whole matrix
      const int e = static_cast<int>(count(2070)) - 1070;
      for (double& v : m.data) v = std::ldexp(small(), e);
    } else if (kind == 4) {  // mostly zeros
      for (double& v : m.data) v = byte() < 200 ? 0.0 : small();
    } else {
      for (double& v : m.data) v = static_cast<double>(static_cast<std::int8_t>(byte()) % 4);
    }
    if (!m.data.empty() && (byte() & 7) == 0) {  // a few hostile entries anywhere
      const std::size_t hits = 1 + count(2);
      for (std::size_t h = 0; h < hits; ++h) m.data[count(m.data.size() - 1)] = number();
    }
    return m;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

// Aborts (so libFuzzer saves the input) when an invariant fails.
#define FUZZ_CHECK(cond)                                                                 \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      __builtin_trap();                                                                  \
    }                                                                                    \
  } while (0)
