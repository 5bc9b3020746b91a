// The max in blocks of 256 entries: two lanes times two independent running maxima per block (a
// select-based argmax carried a compare-and-blend dependency from pair to pair, twice as slow), and
// the first block whose max beats every earlier one. The first maximal index is then found within
// that block alone, so it costs no second pass over x.
#include "max_scan_f64.hpp"

#include <algorithm>
#include <cmath>

#include "f64x2.hpp"

namespace mathlets::simd {
namespace {

using namespace d2;

constexpr std::size_t kBlock = 256;  // a multiple of 4: only the last block has a tail

struct BlockMax {
  double max;
  bool nan;
};

BlockMax block_max(const double* x, std::size_t n) {
  std::size_t i = 0;
  BlockMax b{-INFINITY, false};
#if MATHLETS_F64X2_HARDWARE  // plain lanes would only add work to the scalar loop below
  if (n >= 4) {
    f64x2 a0 = splat(-INFINITY), a1 = a0, bad = splat(0.0);
    for (; i + 4 <= n; i += 4) {
      const f64x2 v0 = load(x + i), v1 = load(x + i + 2);
      bad = or_mask(bad, or_mask(nan_mask(v0), nan_mask(v1)));
      a0 = max_keep_nan(v0, a0);  // a NaN that lands here is reported by bad
      a1 = max_keep_nan(v1, a1);
    }
    double l[2];
    store(l, max_keep_nan(a0, a1));
    b = {std::max(l[0], l[1]), any(bad)};
  }
#endif
  for (; i < n; ++i) {
    b.nan = b.nan || std::isnan(x[i]);
    b.max = x[i] > b.max ? x[i] : b.max;
  }
  return b;
}

}  // namespace

MaxScanF64 max_scan_f64(const double* x, std::size_t n) {
  MaxScanF64 scan{-INFINITY, 0, false};
  std::size_t block = 0;  // the first block holding the max
  for (std::size_t start = 0; start < n; start += kBlock) {
    const BlockMax b = block_max(x + start, std::min(kBlock, n - start));
    scan.nan = scan.nan || b.nan;
    if (b.max > scan.max) scan.max = b.max, block = start;
  }
  if (scan.max > -INFINITY) {
    const double* end = x + std::min(n, block + kBlock);
    scan.first = static_cast<std::size_t>(std::find(x + block, end, scan.max) - x);
  }
  return scan;
}

}  // namespace mathlets::simd
