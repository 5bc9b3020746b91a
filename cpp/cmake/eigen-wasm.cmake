# A patched copy of Debian's Eigen 3.4.0 for Emscripten's SSE-on-wasm path.
# Two one-line fixes (both upstream in later Eigen):
#  1. ConfigureVectorization.h includes <mmintrin.h> (MMX), which Emscripten lacks; use
#     <immintrin.h> as the ICC branch does.
#  2. SSE/AVX PacketMath.h use x86 inline asm for pmin/pmax when EIGEN_COMP_GNUC < 63, and
#     clang reports __GNUC__ 4.2; restrict that branch to real GCC.
set(EIGEN_WASM_DIR ${CMAKE_BINARY_DIR}/eigen-wasm)
if(NOT EXISTS ${EIGEN_WASM_DIR}/Eigen/Core)
  file(COPY ${EIGEN3_INCLUDE_DIR}/Eigen DESTINATION ${EIGEN_WASM_DIR})
  set(_cv ${EIGEN_WASM_DIR}/Eigen/src/Core/util/ConfigureVectorization.h)
  file(READ ${_cv} _s)
  string(REPLACE "#if EIGEN_COMP_ICC >= 1110\n" "#if EIGEN_COMP_ICC >= 1110 || EIGEN_COMP_EMSCRIPTEN\n" _s "${_s}")
  file(WRITE ${_cv} "${_s}")
  foreach(_f SSE/PacketMath.h AVX/PacketMath.h)
    set(_p ${EIGEN_WASM_DIR}/Eigen/src/Core/arch/${_f})
    file(READ ${_p} _s)
    string(REPLACE "#if EIGEN_COMP_GNUC && EIGEN_COMP_GNUC < 63" "#if EIGEN_COMP_GNUC_STRICT && EIGEN_COMP_GNUC < 63" _s "${_s}")
    file(WRITE ${_p} "${_s}")
  endforeach()
endif()
