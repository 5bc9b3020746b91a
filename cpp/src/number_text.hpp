// Numbers in error messages, formatted as printf's %g (6 significant digits, "nan", "-inf").
// snprintf rather than an ostringstream: iostreams and locales add ~200 KB to the wasm, and
// Emscripten 3.1.6's libc++ has no floating-point std::to_chars.
#pragma once

#include <cstdio>
#include <string>

namespace mathlets {

inline std::string number_text(double v) {
  char buffer[32];
  const int n = std::snprintf(buffer, sizeof buffer, "%g", v);
  return std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
}

}  // namespace mathlets
