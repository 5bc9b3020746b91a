// Inputs shared by every native benchmark, generated exactly as bench/workloads.js generates them:
// the LCG s <- (1103515245 s + 12345) mod 2^31 from a seed, each value (s / 2^31 - 0.5) * 20, i.e.
// uniform in [-10, 10). Matrices are filled in row-major order (the JS API's order), one seed each.
// Also the shared main(): `--tiny` registers every workload at a tiny size (tests/js/bench.test.js).
#pragma once

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace bench_inputs {

template <class T>
std::vector<T> lcg_vector(std::size_t n, std::uint64_t seed) {
  std::vector<T> x(n);
  std::uint64_t s = seed;
  for (T& v : x) {
    s = (s * 1103515245 + 12345) % 2147483648;
    v = static_cast<T>((static_cast<double>(s) / 2147483648.0 - 0.5) * 20);
  }
  return x;
}

inline Eigen::MatrixXd lcg_matrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  const auto data = lcg_vector<double>(static_cast<std::size_t>(rows * cols), seed);
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  return Eigen::Map<const RowMajor>(data.data(), rows, cols);
}

// Each benchmark program defines this: register its workloads at full or tiny size. Names follow
// "<workload>/<size>" exactly as bench/workloads.js names them, so the Node script can join on them.
void register_workloads(bool tiny);

}  // namespace bench_inputs

int main(int argc, char** argv) {
  bool tiny = false;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--tiny") == 0) tiny = true;
    else args.push_back(argv[i]);
  }
  int n = static_cast<int>(args.size());
  bench_inputs::register_workloads(tiny);
  benchmark::Initialize(&n, args.data());
  if (benchmark::ReportUnrecognizedArguments(n, args.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
