// CUR retrieval at 20,000 items, the input of bench/workloads.js: R (128 anchor queries x 20,000 items,
// LCG seed 21), 64 evenly spaced anchor items, the query's anchor scores (seed 22) and its exact
// scores (seed 23); the index E = W^+ R, then one query retrieving and re-ranking 200 candidates:
// what curRetrievalIndex followed by curRetrieve computes.
#include <string>

#include "bench_inputs.hpp"
#include "mathlets/cur_retrieval.hpp"

void bench_inputs::register_workloads(bool tiny) {
  const int n = tiny ? 500 : 20000, kq = tiny ? 16 : 128, ki = tiny ? 8 : 64, kr = tiny ? 20 : 200;
  const Eigen::MatrixXd r = lcg_matrix(kq, n, 21);
  std::vector<int> anchors;
  for (int j = 0; j < ki; ++j) anchors.push_back(j * (n / ki));
  const std::vector<double> c = lcg_vector<double>(static_cast<std::size_t>(ki), 22);
  const std::vector<double> exact = lcg_vector<double>(static_cast<std::size_t>(n), 23);
  const auto exact_scores = [exact](const std::vector<int>& ids) {
    std::vector<double> v;
    for (int i : ids) v.push_back(exact[static_cast<std::size_t>(i)]);
    return v;
  };
  const std::string name = "cur-retrieval/" + std::to_string(n) + "x" + std::to_string(kq) + "-ki" +
                           std::to_string(ki) + "-kr" + std::to_string(kr);
  benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& state) {
    for (auto _ : state) {
      const mathlets::CurRetrievalIndex index = mathlets::cur_retrieval_index(r, anchors);
      benchmark::DoNotOptimize(mathlets::cur_retrieve(index, c, 10, kr, exact_scores).ids.data());
    }
  })->Unit(benchmark::kMillisecond);
}
