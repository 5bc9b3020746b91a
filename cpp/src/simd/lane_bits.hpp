// The bit pattern of a float or double and back, for the plain (no-SIMD) lane backends of f32x4.hpp
// and f64x2.hpp: their masks are lanes with all bits set, and their exponent tricks add to the bits.
// memcpy, not std::bit_cast: Emscripten 3.1.6's libc++ has no bit_cast.
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace mathlets::simd {

template <class T>
inline auto bits(T v) {
  static_assert(std::is_floating_point_v<T> && (sizeof(T) == 4 || sizeof(T) == 8));
  std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t> u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}

// The float (32-bit pattern) or double (64-bit pattern) with these bits.
template <class U>
inline auto from_bits(U u) {
  static_assert(std::is_unsigned_v<U> && (sizeof(U) == 4 || sizeof(U) == 8));
  std::conditional_t<sizeof(U) == 4, float, double> v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

}  // namespace mathlets::simd
