# Google Benchmark programs, one per bench/native/*_bench.cpp. Built only on request
# (cmake --build ... --target benchmarks) so npm test does not pay for them.
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
endif()
