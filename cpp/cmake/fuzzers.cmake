# libFuzzer targets, one per tests/fuzz/*_fuzz.cpp, with the whole core under AddressSanitizer and
# UndefinedBehaviorSanitizer. Configure with CXX=clang++ -DMATHLETS_FUZZ=ON (scripts/fuzz.sh does).
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "MATHLETS_FUZZ needs clang (libFuzzer)")
endif()
# Line tables are all a sanitizer report needs (file:line in its stack); full -g made the Eigen TUs
# build much slower.
set(_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -gline-tables-only)
target_compile_options(mathlets PUBLIC ${_sanitizers} -fsanitize=fuzzer-no-link)
target_link_options(mathlets PUBLIC ${_sanitizers})
file(GLOB MATHLETS_FUZZERS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/fuzz/*_fuzz.cpp)
foreach(_src ${MATHLETS_FUZZERS})
  get_filename_component(_name ${_src} NAME_WE)
  add_executable(${_name} ${_src})
  target_include_directories(${_name} PRIVATE ${CMAKE_SOURCE_DIR}/tests/fuzz)
  target_compile_options(${_name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${_name} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${_name} PRIVATE mathlets)
endforeach()
