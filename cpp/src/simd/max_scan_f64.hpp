// The first pass of the double-precision logsumexp: the max, where it first occurs, and whether any
// entry is NaN, in one pass over two lanes (f64x2.hpp).
#pragma once

#include <cstddef>

namespace mathlets::simd {

struct MaxScanF64 {
  double max;         // -inf for an empty range; meaningless when nan is set
  std::size_t first;  // the first index holding max (0 when every entry is -inf or the range is empty)
  bool nan;           // some entry is NaN
};
MaxScanF64 max_scan_f64(const double* x, std::size_t n);

}  // namespace mathlets::simd
