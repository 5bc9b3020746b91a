// Attention at n = 512 tokens of head size d = 64 (entries the LCG's divided by 10, seeds 11, 12, 13
// for Q, K, V): exact softmax attention, Performer attention with a given W of 256 positive features
// (seed 14, divided by 10), and Nyströmformer attention with 64 segment-mean landmarks and six Razavi
// steps (without the per-step history): what softmaxAttention, performerAttention({ W }) and
// nystromAttention(..., { history: false }) compute.
#include <string>

#include "bench_inputs.hpp"
#include "mathlets/nystromformer.hpp"
#include "mathlets/performer.hpp"

namespace {

Eigen::MatrixXd tenth(Eigen::MatrixXd a) { return a / 10.0; }

}  // namespace

void bench_inputs::register_workloads(bool tiny) {
  const Eigen::Index n = tiny ? 32 : 512, d = tiny ? 8 : 64;
  const int features = tiny ? 16 : 256, landmarks = tiny ? 4 : 64;
  const std::string size = std::to_string(n) + "x" + std::to_string(d);
  const Eigen::MatrixXd q = tenth(lcg_matrix(n, d, 11)), k = tenth(lcg_matrix(n, d, 12)),
                        v = tenth(lcg_matrix(n, d, 13));
  const Eigen::MatrixXd w = tenth(lcg_matrix(features, d, 14));
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  benchmark::RegisterBenchmark(("softmax-attention/" + size).c_str(), [=](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(mathlets::softmax_attention(q, k, v, scale, false).out.data());
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("performer-positive/" + size + "-m" + std::to_string(features)).c_str(),
                               [=](benchmark::State& state) {
                                 mathlets::PerformerOptions o;
                                 o.w = w;
                                 for (auto _ : state)
                                   benchmark::DoNotOptimize(mathlets::performer_attention(q, k, v, o).out.data());
                               })
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(
      ("nystrom-segment/" + size + "-m" + std::to_string(landmarks)).c_str(),
      [=](benchmark::State& state) {
        mathlets::NystromOptions o;
        o.history = false;  // as nystromAttention(..., { history: false })
        for (auto _ : state) benchmark::DoNotOptimize(mathlets::nystrom_attention(q, k, v, landmarks, o).out.data());
      })
      ->Unit(benchmark::kMillisecond);
}
