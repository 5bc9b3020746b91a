// Per-row attention entropies at n = 512 tokens of head size d = 64 (entries the LCG's divided by 10,
// seeds 31 and 32 for Q and K), scale 1 / sqrt(d): what attentionEntropyQK(Q, K, 1 / sqrt(d)) computes.
#include <cmath>
#include <string>

#include "bench_inputs.hpp"
#include "mathlets/entropy.hpp"

void bench_inputs::register_workloads(bool tiny) {
  const Eigen::Index n = tiny ? 32 : 512, d = tiny ? 8 : 64;
  const std::string size = std::to_string(n) + "x" + std::to_string(d);
  const Eigen::MatrixXd q = lcg_matrix(n, d, 31) / 10.0, k = lcg_matrix(n, d, 32) / 10.0;
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  benchmark::RegisterBenchmark(("attention-entropy/" + size).c_str(), [=](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(mathlets::attention_entropy_qk(q, k, scale).entropy.data());
  })->Unit(benchmark::kMillisecond);
}
