// CR approximation of X Y, X and Y 512x512 (LCG seeds 5 and 6), r = 64 draws with replacement under
// the optimal probabilities, seed 42. Two rows:
//  - cr-optimal: everything crMatmul(X, Y, 64, { seed: 42 }) computes (cpp/bindings/cr_bindings.cpp):
//    probabilities, the estimate and its error, the expected error, the SVD floor and ||XY||_F^2;
//  - cr-estimate-only: probabilities, the estimate and its error (what the JS peer computes).
#include <string>

#include "bench_inputs.hpp"
#include "mathlets/cr.hpp"

void bench_inputs::register_workloads(bool tiny) {
  const Eigen::Index n = tiny ? 32 : 512;
  const int r = tiny ? 8 : 64;
  const std::string size = std::to_string(n) + "x" + std::to_string(n) + "-r" + std::to_string(r);
  benchmark::RegisterBenchmark(("cr-optimal/" + size).c_str(), [n, r](benchmark::State& state) {
    const Eigen::MatrixXd x = lcg_matrix(n, n, 5), y = lcg_matrix(n, n, 6);
    for (auto _ : state) {
      const auto p = mathlets::cr_probabilities(x, y, mathlets::CrSampling::optimal);
      const auto e = mathlets::cr_sample(x, y, p.p, r, 42);
      benchmark::DoNotOptimize(e.error);
      benchmark::DoNotOptimize(mathlets::cr_expected_error(x, y, p.p, r));
      benchmark::DoNotOptimize(mathlets::cr_svd_floor(x, y, r).frobenius_squared);
      benchmark::DoNotOptimize((x * y).squaredNorm());
    }
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("cr-estimate-only/" + size).c_str(), [n, r](benchmark::State& state) {
    const Eigen::MatrixXd x = lcg_matrix(n, n, 5), y = lcg_matrix(n, n, 6);
    for (auto _ : state) {
      const auto p = mathlets::cr_probabilities(x, y, mathlets::CrSampling::optimal);
      benchmark::DoNotOptimize(mathlets::cr_sample(x, y, p.p, r, 42).error);
    }
  })->Unit(benchmark::kMillisecond);
}
