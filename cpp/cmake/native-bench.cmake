# Google Benchmark programs, one per bench/native/*_bench.cpp (bench_inputs.hpp supplies main() and the
# inputs shared with bench/workloads.js). Built on request (cmake --build <dir> --target benchmarks):
# scripts/build-native.sh does for npm test's tiny-size run; scripts/bench.sh builds them twice: build/native (the default flags)
# and build/native-sse42 (-msse4.2 -mno-avx: the 128-bit width wasm SIMD has, the like-for-like limit).
find_package(benchmark QUIET)
if(benchmark_FOUND)
  add_custom_target(benchmarks)
  file(GLOB MATHLETS_BENCHES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/bench/native/*_bench.cpp)
  foreach(_src ${MATHLETS_BENCHES})
    get_filename_component(_name ${_src} NAME_WE)
    add_executable(${_name} EXCLUDE_FROM_ALL ${_src})
    target_link_libraries(${_name} PRIVATE mathlets benchmark::benchmark)
    add_dependencies(benchmarks ${_name})
  endforeach()
else()
  message(STATUS "Google Benchmark not found: the benchmarks target is not available (apt-get install libbenchmark-dev)")
endif()
