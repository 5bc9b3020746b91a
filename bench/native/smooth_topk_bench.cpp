// Smooth top-k at n = 1e5 (k = 10, tau = 1) on the inputs of bench/workloads.js (LCG seed 3):
// ThreTopK with the piecewise-exponential threshold (the JS default, closed form) and GradTopK's
// log-domain DP, the calls smoothTopK(x, k, { method }) makes.
#include <span>
#include <string>

#include "bench_inputs.hpp"
#include "mathlets/smooth_topk.hpp"

void bench_inputs::register_workloads(bool tiny) {
  const std::size_t n = tiny ? 1000 : 100000;
  const std::string size = std::to_string(n);
  constexpr double k = 10, tau = 1;
  benchmark::RegisterBenchmark(("topk-threshold-piecewise/" + size).c_str(), [n](benchmark::State& state) {
    const auto x = lcg_vector<double>(n, 3);
    for (auto _ : state) benchmark::DoNotOptimize(mathlets::thretopk(x, k, tau).lambda);
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("topk-gradtopk/" + size).c_str(), [n](benchmark::State& state) {
    const auto x = lcg_vector<double>(n, 3);
    for (auto _ : state) benchmark::DoNotOptimize(mathlets::gradtopk(x, k, tau).log_z);
  })->Unit(benchmark::kMillisecond);
}
