# Native GoogleTest suites: one executable per tests/cpp/*_test.cpp (a topic's suite builds and
# fails on its own), every test registered with ctest.
enable_testing()
find_package(GTest REQUIRED)
include(GoogleTest)
file(GLOB MATHLETS_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/cpp/*_test.cpp)
foreach(_src ${MATHLETS_TESTS})
  get_filename_component(_name ${_src} NAME_WE)
  add_executable(${_name} ${_src})
  target_include_directories(${_name} PRIVATE ${CMAKE_SOURCE_DIR}/tests/cpp)
  target_link_libraries(${_name} PRIVATE mathlets GTest::gtest_main)
  # The suites' own code (references in long double, Eigen checks, GoogleTest's macros) at -O1: it
  # compiles in about 30% less time than at -O3 and runs in seconds either way; the library under
  # test keeps the build type's flags.
  target_compile_options(${_name} PRIVATE -O1)
  gtest_discover_tests(${_name} DISCOVERY_TIMEOUT 60)
  # One precompiled header (GoogleTest's, Eigen's and the standard ones) for every suite: the first
  # suite builds it, the others have the same flags and reuse it.
  if(MATHLETS_PCH)
    if(NOT _first_suite)
      set(_first_suite ${_name})
      target_precompile_headers(${_name} PRIVATE <gtest/gtest.h> ${MATHLETS_PCH_HEADERS})
    else()
      target_precompile_headers(${_name} REUSE_FROM ${_first_suite})
    endif()
  endif()
endforeach()
