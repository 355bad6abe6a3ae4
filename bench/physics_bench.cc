// Google Benchmark for the physics step (the same measurement as `kestrel bench`).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>

#include "airframe/aircraft_file.h"
#include "analysis/bench.h"

namespace {

const kestrel::PhysicsBenchSetup& setup() {
  static const kestrel::PhysicsBenchSetup s = [] {
    auto ac = kestrel::load_aircraft("searcher2");
    if (!ac.ok()) std::abort();
    auto b = kestrel::make_physics_bench(ac.value());
    if (!b.ok()) std::abort();
    return b.value();
  }();
  return s;
}

void BM_PhysicsStep(benchmark::State& state) {
  const kestrel::PhysicsBenchSetup& b = setup();
  kestrel::VehicleState s = b.state;
  int64_t n = 0;
  for (auto _ : state) {
    // Back to the trimmed state every 100 simulated seconds, as `kestrel bench` does, so the
    // aircraft is always measured in flight.
    if (++n % 40000 == 0) s = b.state;
    kestrel::step_vehicle(b.model, s, b.controls);
    benchmark::DoNotOptimize(s.body.pos_ecef_m);
  }
  state.counters["realtime_factor"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * b.model.step.seconds(),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PhysicsStep)->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
