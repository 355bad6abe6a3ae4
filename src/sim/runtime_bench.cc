#include "sim/runtime_bench.h"

#include <chrono>
#include <cstring>

#if defined(__linux__)
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "sim/runner.h"
#include "sim/sweep.h"
#include "sim/world.h"

namespace kestrel {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// User-space instructions retired by this thread between start() and stop(), from the CPU's
// performance counter (perf_event_open). ok() is false where the counter cannot be opened: no
// PMU exposed to a virtual machine, perf_event_paranoid > 2, not Linux.
class InstructionCounter {
 public:
  InstructionCounter() {
#if defined(__linux__)
    perf_event_attr attr;
    std::memset(&attr, 0, sizeof attr);
    attr.type = PERF_TYPE_HARDWARE;
    attr.size = sizeof attr;
    attr.config = PERF_COUNT_HW_INSTRUCTIONS;
    attr.disabled = 1;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    fd_ = static_cast<int>(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
#endif
  }
  ~InstructionCounter() {
#if defined(__linux__)
    if (fd_ >= 0) close(fd_);
#endif
  }
  InstructionCounter(const InstructionCounter&) = delete;
  InstructionCounter& operator=(const InstructionCounter&) = delete;
  bool ok() const { return fd_ >= 0; }
  void start() {
#if defined(__linux__)
    if (fd_ < 0) return;
    ioctl(fd_, PERF_EVENT_IOC_RESET, 0);
    ioctl(fd_, PERF_EVENT_IOC_ENABLE, 0);
#endif
  }
  // The count since start(); empty when unavailable.
  std::optional<uint64_t> stop() {
#if defined(__linux__)
    if (fd_ < 0) return std::nullopt;
    ioctl(fd_, PERF_EVENT_IOC_DISABLE, 0);
    uint64_t n = 0;
    if (read(fd_, &n, sizeof n) != static_cast<ssize_t>(sizeof n)) return std::nullopt;
    return n;
#else
    return std::nullopt;
#endif
  }

 private:
  int fd_ = -1;
};

// The bench cruise: one aircraft at 40 m/s, 3000 m, engine on, moderate turbulence, holding its
// trimmed controls (a relative script), no avionics.
Scenario cruise_scenario(const AircraftParams& ac, double sim_s) {
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
  sc.stop.time_limit_s = sim_s;
  return sc;
}

// THE control source of the full-stack bench, in one place: the autopilot (fsw/autopilot.h) on
// the navigation estimate, in AUTO: a straight leg north for half the run, then a loiter.
void set_fullstack_control(ScenarioAircraft& a, double sim_s) {
  a.control = ControlSourceSpec{};
  a.control.kind = ControlSourceSpec::Kind::kAutopilot;
  a.control.autopilot.initial_mode = FlightMode::kAuto;
  const double h = a.initial.alt_amsl_m;  // the bench site's home is at 0 m
  MissionItem leg;
  leg.kind = MissionItem::Kind::kWaypoint;
  leg.north_m = 0.5 * sim_s * 45.0;
  leg.alt_m = h;
  MissionItem loiter;
  loiter.kind = MissionItem::Kind::kLoiter;
  loiter.north_m = leg.north_m;
  loiter.alt_m = h;
  loiter.radius_m = 800;
  a.control.autopilot.mission.items = {leg, loiter};
}

}  // namespace

Scenario fullstack_scenario(const AircraftParams& ac, double sim_s) {
  Scenario sc = cruise_scenario(ac, sim_s);
  sc.name = "bench-fullstack";
  ScenarioAircraft& a = sc.aircraft.front();
  a.avionics = true;
  set_fullstack_control(a, sim_s);
  return sc;
}

Result<FullstackBench> fullstack_bench(const AircraftParams& ac, const std::string& log_path,
                                       double sim_s) {
  const Scenario sc = fullstack_scenario(ac, sim_s);
  RunOptions opt;
  opt.log_path = log_path;
  InstructionCounter counter;
  const auto t0 = std::chrono::steady_clock::now();
  counter.start();
  const RunSummary s = run_scenario(sc, opt);
  const std::optional<uint64_t> instructions = counter.stop();
  const double wall_s = seconds_since(t0);
  if (s.outcome == RunOutcome::kError) return Error{"bench: " + s.error};
  if (s.outcome == RunOutcome::kCrashed) return Error{"bench: the full-stack cruise crashed"};
  FullstackBench b;
  b.sim_s = s.sim_time_s;
  b.wall_s = wall_s;
  b.realtime_factor = s.sim_time_s / std::max(wall_s, 1e-9);
  if (instructions && s.sim_time_s > 0)
    b.instructions_per_sim_s = static_cast<double>(*instructions) / s.sim_time_s;
  return b;
}

Result<RunnerBench> runner_bench(const AircraftParams& ac, const std::string& log_path) {
  Scenario sc = cruise_scenario(ac, 600);

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
  b.world_step_s = w.rates.physics.seconds();
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
