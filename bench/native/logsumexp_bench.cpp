// Native timings of the logsumexp kernels on the same inputs as bench/node.bench.js
// (uniform in [-10, 10), LCG seed 1), for the wasm-vs-native ratios.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "mathlets/logsumexp.hpp"

namespace {

template <class T>
std::vector<T> inputs(std::size_t n) {
  std::vector<T> x(n);
  std::uint64_t s = 1;
  for (T& v : x) {
    s = (s * 1103515245 + 12345) % 2147483648;
    v = static_cast<T>((static_cast<double>(s) / 2147483648.0 - 0.5) * 20);
  }
  return x;
}

template <class T>
void BM_logsumexp(benchmark::State& state) {
  const auto x = inputs<T>(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(mathlets::logsumexp(std::span<const T>(x), 1.0));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

template <class T>
void BM_softmax(benchmark::State& state) {
  const auto x = inputs<T>(static_cast<std::size_t>(state.range(0)));
  std::vector<T> out(x.size());
  for (auto _ : state) {
    mathlets::softmax(std::span<const T>(x), 1.0, std::span<T>(out));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

}  // namespace

BENCHMARK(BM_logsumexp<float>)->Arg(1000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_logsumexp<double>)->Arg(1000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_softmax<float>)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_softmax<double>)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
