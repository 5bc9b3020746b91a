// Embind functions that describe the module itself rather than a topic.
#include <malloc.h>

#include "boundary.hpp"

namespace {

// Bytes currently allocated by malloc: the JS tests check it returns to its baseline after calls.
std::size_t heap_in_use() { return mallinfo().uordblks; }

// Which instruction set the core was compiled for.
std::string simd_instructions() {
#ifdef __wasm_simd128__
  return "wasm-simd128";
#else
  return "scalar";
#endif
}

}  // namespace

EMSCRIPTEN_BINDINGS(diagnostics) {
  emscripten::function("heap_in_use", &heap_in_use);
  emscripten::function("simd_instructions", &simd_instructions);
}
