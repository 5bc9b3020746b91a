// CUR of a 512x512 matrix (LCG seed 7) at r = 64 with the optimal middle C^+ M R^+, selecting by
// DEIM (the default) and by top leverage scores: everything cur(M, 64, { select }) computes
// (selections, C, U, R, the approximation, every error beside the SVD floor, the spectrum).
#include <string>

#include "bench_inputs.hpp"
#include "mathlets/cur.hpp"

void bench_inputs::register_workloads(bool tiny) {
  const Eigen::Index n = tiny ? 32 : 512;
  const int r = tiny ? 8 : 64;
  const std::string size = std::to_string(n) + "x" + std::to_string(n) + "-r" + std::to_string(r);
  auto run = [n, r](mathlets::CurSelect select) {
    return [n, r, select](benchmark::State& state) {
      const Eigen::MatrixXd m = lcg_matrix(n, n, 7);
      mathlets::CurOptions options;
      options.select = select;
      for (auto _ : state) benchmark::DoNotOptimize(mathlets::cur(m, r, options).errors.frobenius_squared);
    };
  };
  benchmark::RegisterBenchmark(("cur-deim/" + size).c_str(), run(mathlets::CurSelect::deim))
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("cur-leverage/" + size).c_str(), run(mathlets::CurSelect::leverage_top))
      ->Unit(benchmark::kMillisecond);
}
