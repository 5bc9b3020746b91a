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
    static const double special[] = {
        0.0, -0.0, 1.0, -1.0, std::numeric_limits<double>::quiet_NaN(), inf, -inf,
        std::numeric_limits<double>::denorm_min(), -std::numeric_limits<double>::denorm_min(),
        std::numeric_limits<double>::min(), std::numeric_limits<double>::max(), -std::numeric_limits<double>::max(),
        1e-300, 1e300, -1e300, 88.72, 709.78, 710.0, -745.0, 1e-8, 1e8, 3.0e38, -3.0e38};
    return special[byte() % (sizeof special / sizeof special[0])];
  }

  std::vector<double> numbers(std::size_t max) {
    std::vector<double> v(count(max));
    for (double& x : v) x = number();
    return v;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

// Aborts (so libFuzzer saves the input) when an invariant fails.
#define FUZZ_CHECK(cond)                                                              \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);  \
      __builtin_trap();                                                               \
    }                                                                                 \
  } while (0)
