# The WebAssembly ES modules: the Embind files cpp/bindings/*_bindings.cpp linked with the core.
# MATHLETS_WASM_VARIANT=simd   -> -msimd128 -msse4.2 (Eigen's SSE packets become wasm SIMD)
# MATHLETS_WASM_VARIANT=baseline -> no SIMD at all, loads on any wasm engine.
set(MATHLETS_WASM_VARIANT "simd" CACHE STRING "simd | baseline")
set(MATHLETS_WASM_OUT ${CMAKE_SOURCE_DIR}/web/src/core/wasm CACHE PATH "where the .mjs/.wasm pair goes")
include(${CMAKE_CURRENT_LIST_DIR}/eigen-wasm.cmake)

# -fexceptions so the binding can catch C++ errors and hand their messages to JS.
set(_common -fexceptions)
if(MATHLETS_WASM_VARIANT STREQUAL "simd")
  list(APPEND _common -msimd128 -msse4.2)
  # Faster float->int conversions than Emscripten 3.1.6's lane-by-lane emulation (Eigen's pexp uses them).
  target_include_directories(mathlets BEFORE PRIVATE ${CMAKE_SOURCE_DIR}/cpp/bindings/wasm_compat)
elseif(NOT MATHLETS_WASM_VARIANT STREQUAL "baseline")
  message(FATAL_ERROR "MATHLETS_WASM_VARIANT must be simd or baseline")
endif()
target_compile_options(mathlets PUBLIC ${_common})
target_include_directories(mathlets SYSTEM PUBLIC ${EIGEN_WASM_DIR})

# One ES module per part and variant, so a page loads only the part its widgets need:
#   vector: logsumexp, smooth top-k, gradient clipping (no Eigen, small)
#   matrix: pseudo-inverse, CR, CUR (Eigen's decompositions)
#   attention: softmax, Performer and Nystromformer attention (Eigen's products, one SVD)
#   retrieval: CUR retrieval for cross-encoders (synthetic scorer, index, re-ranking; SVDs of W)
#   entropy: entropy-invariant attention (row entropies, length sweeps, normalization, JL; one product)
# Each links the same static core; the linker keeps only the objects each part's bindings reach.
function(mathlets_wasm_part part)
  set(bindings ${ARGN})
  list(TRANSFORM bindings PREPEND ${CMAKE_SOURCE_DIR}/cpp/bindings/)
  add_executable(mathlets_${part} ${bindings} ${CMAKE_SOURCE_DIR}/cpp/bindings/diagnostics_bindings.cpp)
  target_link_libraries(mathlets_${part} PRIVATE mathlets)
  set_target_properties(mathlets_${part} PROPERTIES
    OUTPUT_NAME mathlets-${part}-${MATHLETS_WASM_VARIANT}
    SUFFIX ".mjs"
    RUNTIME_OUTPUT_DIRECTORY ${MATHLETS_WASM_OUT})
  target_link_options(mathlets_${part} PRIVATE
    ${_common}
    -lembind
    -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createMathlets
    # A glue any bundler takes as it is: no Node branch (no process, require or node: modules) and no
    # import.meta (webpack writes a bare import.meta.url as the build machine's file:// path). Where
    # the .wasm is, and reading it in Node, are web/src/core/load.js's: its own new URL(…,
    # import.meta.url) is what bundlers follow to copy the file.
    -sENVIRONMENT=web -sUSE_ES6_IMPORT_META=0
    -sALLOW_MEMORY_GROWTH=1
    -sFILESYSTEM=0
    -sDYNAMIC_EXECUTION=0          # no eval/new Function: works under a strict CSP
    -sEXPORTED_FUNCTIONS=_malloc,_free
    # Binaryen at -O2 rather than the build type's -O3 (the last -O wins): the objects are already
    # LLVM -O3, and wasm-opt -O3 took twice as long per link (11.7 against 5.9 s of CPU for the
    # attention part, ten links a build) for 0.6% fewer bytes (0.08% gzip).
    -O2)
endfunction()

mathlets_wasm_part(vector logsumexp_bindings.cpp smooth_topk_bindings.cpp grad_clip_bindings.cpp)
mathlets_wasm_part(matrix pinv_bindings.cpp cr_bindings.cpp cur_bindings.cpp)
mathlets_wasm_part(attention performer_bindings.cpp nystromformer_bindings.cpp)
mathlets_wasm_part(retrieval cur_retrieval_bindings.cpp)
mathlets_wasm_part(entropy entropy_bindings.cpp)
