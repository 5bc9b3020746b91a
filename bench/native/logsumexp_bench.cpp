// logsumexp and softmax, float32 and float64, on the inputs of bench/workloads.js (LCG seed 1):
// the same calls web/src/core/logsumexp.js makes through the bindings.
#include <span>
#include <string>

#include "bench_inputs.hpp"
#include "mathlets/logsumexp.hpp"

void bench_inputs::register_workloads(bool tiny) {
  const std::size_t n = tiny ? 1000 : 1000000;
  const std::string size = std::to_string(n);
  auto lse = [n](auto zero) {
    return [n](benchmark::State& state) {
      const auto x = lcg_vector<decltype(zero)>(n, 1);
      for (auto _ : state) benchmark::DoNotOptimize(mathlets::logsumexp(std::span(std::as_const(x)), 1.0));
    };
  };
  auto softmax = [n](auto zero) {
    return [n](benchmark::State& state) {
      using T = decltype(zero);
      const auto x = lcg_vector<T>(n, 1);
      std::vector<T> out(n);
      for (auto _ : state) {
        mathlets::softmax(std::span(std::as_const(x)), 1.0, std::span<T>(out));
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
      }
    };
  };
  benchmark::RegisterBenchmark(("logsumexp-f32/" + size).c_str(), lse(0.0f))->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("logsumexp-f64/" + size).c_str(), lse(0.0))->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("softmax-f32/" + size).c_str(), softmax(0.0f))->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("softmax-f64/" + size).c_str(), softmax(0.0))->Unit(benchmark::kMillisecond);
}
