# The WebAssembly ES module: the Embind files cpp/bindings/*_bindings.cpp linked with the core.
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

file(GLOB MATHLETS_BINDINGS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/cpp/bindings/*_bindings.cpp)
add_executable(mathlets_wasm ${MATHLETS_BINDINGS})
target_link_libraries(mathlets_wasm PRIVATE mathlets)
set_target_properties(mathlets_wasm PROPERTIES
  OUTPUT_NAME mathlets-${MATHLETS_WASM_VARIANT}
  SUFFIX ".mjs"
  RUNTIME_OUTPUT_DIRECTORY ${MATHLETS_WASM_OUT})
target_link_options(mathlets_wasm PRIVATE
  ${_common}
  -lembind
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createMathlets
  -sENVIRONMENT=web,worker,node
  -sALLOW_MEMORY_GROWTH=1
  -sFILESYSTEM=0
  -sDYNAMIC_EXECUTION=0          # no eval/new Function: works under a strict CSP
  -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0
  -sEXPORTED_FUNCTIONS=_malloc,_free
  "SHELL:--extern-pre-js ${CMAKE_SOURCE_DIR}/cpp/bindings/node-esm-shim.js")
