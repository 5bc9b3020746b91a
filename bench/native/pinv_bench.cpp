// Pseudo-inverse of a 256x256 matrix (LCG seed 4, row-major) by the automatic route (the default),
// BDCSVD and the complete orthogonal decomposition: what pinv(A) and pinv(A, { method }) compute.
// The rank-deficient row repeats a 256x128 LCG block side by side (rank 128), so the automatic route
// decides the rank by QR and then takes the SVD: its worst case.
#include <string>

#include "bench_inputs.hpp"
#include "mathlets/pinv.hpp"

void bench_inputs::register_workloads(bool tiny) {
  const Eigen::Index n = tiny ? 16 : 256;
  const std::string size = std::to_string(n) + "x" + std::to_string(n);
  const Eigen::MatrixXd full = lcg_matrix(n, n, 4);
  const Eigen::MatrixXd half = lcg_matrix(n, n / 2, 5);
  Eigen::MatrixXd twice(n, n);
  twice << half, half;
  auto run = [](const Eigen::MatrixXd& a, mathlets::PinvMethod method) {
    return [a, method](benchmark::State& state) {
      mathlets::PinvOptions options;
      options.method = method;
      for (auto _ : state) benchmark::DoNotOptimize(mathlets::pinv(a, options).pinv.data());
    };
  };
  benchmark::RegisterBenchmark(("pinv-auto/" + size).c_str(), run(full, mathlets::PinvMethod::automatic))
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("pinv-bdcsvd/" + size).c_str(), run(full, mathlets::PinvMethod::bdcsvd))
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("pinv-cod/" + size).c_str(), run(full, mathlets::PinvMethod::cod))
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("pinv-auto-rank-half/" + size).c_str(), run(twice, mathlets::PinvMethod::automatic))
      ->Unit(benchmark::kMillisecond);
}
