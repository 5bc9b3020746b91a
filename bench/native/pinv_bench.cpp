// Pseudo-inverse of a 256x256 matrix (LCG seed 4, row-major) by BDCSVD (the default) and by the
// complete orthogonal decomposition: what pinv(A) and pinv(A, { method: 'cod' }) compute.
#include <string>

#include "bench_inputs.hpp"
#include "mathlets/pinv.hpp"

void bench_inputs::register_workloads(bool tiny) {
  const Eigen::Index n = tiny ? 16 : 256;
  const std::string size = std::to_string(n) + "x" + std::to_string(n);
  auto run = [n](mathlets::PinvMethod method) {
    return [n, method](benchmark::State& state) {
      const Eigen::MatrixXd a = lcg_matrix(n, n, 4);
      mathlets::PinvOptions options;
      options.method = method;
      for (auto _ : state) benchmark::DoNotOptimize(mathlets::pinv(a, options).pinv.data());
    };
  };
  benchmark::RegisterBenchmark(("pinv-bdcsvd/" + size).c_str(), run(mathlets::PinvMethod::bdcsvd))
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("pinv-cod/" + size).c_str(), run(mathlets::PinvMethod::cod))
      ->Unit(benchmark::kMillisecond);
}
