// Speed of the runtime, for `kestrel bench`: the runner's cost over the bare physics step, and
// how a sweep scales with worker threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "airframe/aircraft.h"
#include "core/result.h"
#include "sim/scenario.h"

namespace kestrel {

struct RunnerBench {
  double world_step_s = 0;        // the World's physics step (WorldRates::physics) [s]
  double bare_ns_per_step = 0;    // step_vehicle in a plain loop, per World step
  double runner_ns_per_step = 0;  // the same flight through run_scenario (with its log)
  double stack_ns_per_step = 0;   // and again with the avionics on board (sensors, navigation)
};

// A 600 s cruise of one aircraft (40 m/s, 3000 m, engine on, moderate turbulence, a script
// holding the trimmed controls), flown twice from the same initial state: by a bare loop of
// physics steps, and through the full runner (control source, events, bookkeeping, ULog to
// `log_path`). Set-up (trim, opening the log) is timed apart and not counted.
Result<RunnerBench> runner_bench(const AircraftParams& ac, const std::string& log_path);

// The full stack: physics, sensors, navigation filter, the control source and the ULog recorder,
// one aircraft through run_scenario. The control source is set in one place,
// set_fullstack_control() (runtime_bench.cc).
struct FullstackBench {
  double sim_s = 0;   // simulated seconds flown
  double wall_s = 0;  // wall-clock seconds of the run_scenario call (its set-up included)
  double realtime_factor = 0;  // sim_s / wall_s
  // User-space instructions retired during the run_scenario call (perf_event_open,
  // PERF_COUNT_HW_INSTRUCTIONS), per simulated second; empty where the counter is unavailable
  // (no PMU in the virtual machine, perf_event_paranoid > 2, not Linux).
  std::optional<double> instructions_per_sim_s;
};

// The full-stack scenario: the cruise of runner_bench (600 s by default, moderate turbulence)
// with the avionics on board and the flight software's control source flying it.
Scenario fullstack_scenario(const AircraftParams& ac, double sim_s = 600);

// Flies fullstack_scenario once, timed and counted, logging to `log_path`.
Result<FullstackBench> fullstack_bench(const AircraftParams& ac, const std::string& log_path,
                                       double sim_s = 600);

// Runs per second of `runs` runs of the built-in `glide-wind` sweep on `jobs` threads.
Result<double> sweep_runs_per_s(int runs, int jobs);

}  // namespace kestrel
