// Clipping by global norm of 10 float32 tensors of 1e5 entries (tensor t from LCG seed 10 + t),
// max norm 1 (so every call clips): what clipByGlobalNorm(grads, 1) computes.
#include <span>
#include <string>
#include <vector>

#include "bench_inputs.hpp"
#include "mathlets/grad_clip.hpp"

void bench_inputs::register_workloads(bool tiny) {
  const std::size_t n = tiny ? 1000 : 100000;
  benchmark::RegisterBenchmark(("clip-global-norm-f32/10x" + std::to_string(n)).c_str(), [n](benchmark::State& state) {
    std::vector<std::vector<float>> grads;
    for (int t = 0; t < 10; ++t) grads.push_back(lcg_vector<float>(n, 10 + t));
    std::vector<std::span<const float>> views(grads.begin(), grads.end());
    for (auto _ : state) {
      auto r = mathlets::clip_by_global_norm(views, 1.0);
      benchmark::DoNotOptimize(r.tensors.data());
    }
  })->Unit(benchmark::kMillisecond);
}
