#include "sim/runtime_bench.h"

#include <chrono>

#include "sim/runner.h"
#include "sim/sweep.h"
#include "sim/world.h"

namespace kestrel {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

Result<RunnerBench> runner_bench(const AircraftParams& ac, const std::string& log_path) {
  Scenario sc;
  sc.name = "bench-cruise";
  sc.seed = 1;
  sc.environment.turbulence = TurbulenceLevel::kModerate;
  ScenarioAircraft a;
  a.id = "uav1";
  a.aircraft = ac;
  a.fuel_kg = 100;
  a.payload_kg = 70;
  a.initial.kind = InitialStateSpec::Kind::kAirborne;
  a.initial.alt_amsl_m = 3000;
  a.initial.airspeed_mps = 40;
  a.initial.engine_running = true;
  a.control.script = {ScriptPoint{0.0, ControlInputs{}}};
  a.control.script_relative_to_trim = true;
  a.avionics = false;  // the runner's own cost: no sensors or flight software (timed apart)
  sc.aircraft.push_back(a);
  sc.stop.time_limit_s = 600;

  // Bare: the world's aircraft stepped in a plain loop with the script's (constant) commands.
  auto t0 = std::chrono::steady_clock::now();
  Result<World> made = make_world(sc, sc.seed);
  if (!made.ok()) return made.error();
  const double setup_s = seconds_since(t0);
  World w = std::move(made).value();
  WorldAircraft& x = w.aircraft.front();
  const int64_t steps = static_cast<int64_t>(sc.stop.time_limit_s / w.rates.physics.seconds());
  t0 = std::chrono::steady_clock::now();
  int64_t flown = 0;
  for (; flown < steps && !x.state.crashed; ++flown) step_vehicle(x.model, x.state, x.commands);
  RunnerBench b;
  b.bare_ns_per_step = seconds_since(t0) * 1e9 / static_cast<double>(flown);

  RunOptions opt;
  opt.log_path = log_path;
  const RunSummary s = run_scenario(sc, opt);
  if (s.outcome == RunOutcome::kError) return Error{"bench: " + s.error};
  b.runner_ns_per_step = (s.wall_time_s - setup_s) * 1e9 / (s.sim_time_s / w.rates.physics.seconds());

  // The whole stack so far: the same flight with the sensors sampled and the navigation filter
  // running (its set-up, loading the magnetic model, timed apart as above).
  sc.aircraft.front().avionics = true;
  t0 = std::chrono::steady_clock::now();
  if (Result<World> again = make_world(sc, sc.seed); !again.ok()) return again.error();
  const double stack_setup_s = seconds_since(t0);
  const RunSummary st = run_scenario(sc, opt);
  if (st.outcome == RunOutcome::kError) return Error{"bench: " + st.error};
  b.stack_ns_per_step =
      (st.wall_time_s - stack_setup_s) * 1e9 / (st.sim_time_s / w.rates.physics.seconds());
  return b;
}

Result<double> sweep_runs_per_s(int runs, int jobs) {
  Result<SweepSpec> spec = load_sweep("glide-wind");
  if (!spec.ok()) return spec.error();
  const SweepResult r = run_sweep(spec.value(), runs, jobs);
  for (const SweepRun& run : r.runs)
    if (run.summary.outcome == RunOutcome::kError) return Error{"bench: " + run.summary.error};
  return static_cast<double>(runs) / r.wall_time_s;
}

}  // namespace kestrel
