// The World: the aircraft of a scenario in one shared environment (wind, turbulence level,
// gusts, terrain), each with its control source, stepped in lock-step. The runner (runner.h)
// owns the clock, the event timeline, the stop conditions and the log; the World owns the
// physics and the control sources. A World is a value: copyable, no globals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "sim/avionics.h"
#include "sim/flight_metrics.h"
#include "sim/plan_performance_cache.h"
#include "sim/scenario.h"

namespace kestrel {

// Rates of the multi-rate loop, as integer periods (design.md §4). The physics runs at 100 Hz
// in flight (RK4; the airframe's fastest mode, the short period, is near 1 Hz) and in 400 Hz
// sub-steps while the gear can touch the ground (VehicleModel::ground_substep); the IMU samples
// once per physics step, so its rate may not exceed this one.
struct WorldRates {
  SimTime physics = SimTime::period_of_hz(100);
  SimTime control = SimTime::period_of_hz(50);
  SimTime log = SimTime::period_of_hz(50);       // vehicle_truth, engine, actuators
  SimTime slow_log = SimTime::period_of_hz(10);  // gear, environment
};

// A scripted control source: absolute commands (or increments over the trim) from a schedule.
struct ScriptSource {
  const ControlSourceSpec* spec = nullptr;
  ControlInputs trim;  // the base for relative scripts
  ControlInputs commands(double t_s) const;
};

struct WorldAircraft {
  std::string id;
  VehicleModel model;  // aircraft params + the world's environment
  VehicleState state;
  ScriptSource source;                  // the control source (a script until the flight software)
  std::optional<Avionics> avionics;     // sensors + navigation (+ heading hold), if on board
  std::optional<FlightMetrics> flight;  // the autopilot's tracking and touchdown (runner side)
  int go_arounds_seen = 0;
  uint32_t mission_events_seen = 0;   // the autopilot's mission announcements logged so far
  uint32_t failsafe_events_seen = 0;  // ... and its failsafe announcements
  // The failsafe announcements so far, for the summary (the runner appends at a stage change).
  std::vector<FailsafeNote> failsafe_notes;
  // Truth fuel on board when the aircraft first came to rest after flying [kg].
  std::optional<double> fuel_at_landing_kg;
  // The engine-out glide against its prediction (runner): the first pass within 300 m of the
  // predicted target (GlidePrediction::target_ne), its closest point and the truth height above
  // home there.
  struct GlideTrack {
    double start_time_s = -1;  // the prediction tracked (a new glide restarts the track)
    bool inside = false, done = false;
    double closest_m = 1e18, height_at_closest_m = 0;
    double last_time_s = 0;                                    // of the previous sample
    double vertical_air_m = 0, vertical_air_at_closest_m = 0;  // integral of the turbulence's up
  } glide_track;
  ControlInputs commands;  // last commands from the source
  double fuel_leak_kg_s = 0;
  double initial_fuel_kg = 0;
  // Bookkeeping for the summary.
  bool has_flown = false, landed = false, stopped = false;
  double airborne_time_s = 0, distance_m = 0, max_alt_m = -1e9;
  int wheels_on_ground = 0;
  double ground_speed_mps = 0, alt_agl_m = 0, tas_mps = 0;
  double gdt_range_m = 0;  // slant range from the site's ground data terminal
};

struct World {
  WorldRates rates;
  EnvironmentParams environment;  // shared by every aircraft
  std::vector<WorldAircraft> aircraft;
  SimTime time;
};

// Build the world at t = 0 from a scenario: aircraft parked (settled on their gear) or trimmed in
// flight, control sources attached, turbulence streams seeded from the scenario seed.
// An aircraft flown by the autopilot with a `plan:` gets its aircraft's performance tables for
// the upload check (Autopilot::set_plan_performance) from `tables` (a sweep's shared cache; null:
// built here, shared by the aircraft of this world that match).
Result<World> make_world(const Scenario& scenario, uint64_t seed,
                         PlanPerformanceCache* tables = nullptr);

// Copy the world's environment into every aircraft's model (after an event changed it).
void apply_environment(World& w);

}  // namespace kestrel
