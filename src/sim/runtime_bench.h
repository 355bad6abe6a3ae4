// Speed of the runtime, for `kestrel bench`: the runner's cost over the bare physics step, and
// how a sweep scales with worker threads.
#pragma once

#include <string>

#include "airframe/aircraft.h"
#include "core/result.h"

namespace kestrel {

struct RunnerBench {
  double bare_ns_per_step = 0;    // step_vehicle in a plain loop
  double runner_ns_per_step = 0;  // the same flight through run_scenario (with its log)
  double stack_ns_per_step = 0;   // and again with the avionics on board (sensors, navigation)
};

// A 600 s cruise of one aircraft (40 m/s, 3000 m, engine on, moderate turbulence, a script
// holding the trimmed controls), flown twice from the same initial state: by a bare loop of
// physics steps, and through the full runner (control source, events, bookkeeping, ULog to
// `log_path`). Set-up (trim, opening the log) is timed apart and not counted.
Result<RunnerBench> runner_bench(const AircraftParams& ac, const std::string& log_path);

// Runs per second of `runs` runs of the built-in `glide-wind` sweep on `jobs` threads.
Result<double> sweep_runs_per_s(int runs, int jobs);

}  // namespace kestrel
