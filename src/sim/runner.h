// The runner: one World of one or more aircraft stepping in lock-step at integer-microsecond
// rates, driven by their control sources, with the event timeline and stop conditions of a
// scenario, writing a ULog flight log. Two clocks: as fast as possible, or real time x factor.
// Deterministic: the same scenario and seed give the same log, byte for byte.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/flight_metrics.h"
#include "sim/nav_metrics.h"
#include "sim/plan_performance_cache.h"
#include "sim/scenario.h"

namespace kestrel {

struct RunOptions {
  std::string log_path;                           // empty: no flight log
  double speed = 0;                               // 0: as fast as possible; > 0: real time x speed
  std::function<void(double fraction)> progress;  // optional, called about 100 times a run
  // Performance tables shared between runs (a sweep's; null: each run builds its own).
  PlanPerformanceCache* plan_performance = nullptr;
};

enum class RunOutcome { kCompleted, kTimeLimit, kCrashed, kError };
const char* to_string(RunOutcome o);

struct AircraftSummary {
  std::string id;
  RunOutcome outcome = RunOutcome::kCompleted;
  double flight_time_s = 0;  // time with no wheel on the ground
  double distance_km = 0;    // ground distance travelled
  double fuel_used_kg = 0;
  double max_altitude_m = 0;  // AMSL
  bool landed = false;        // flew, then came to rest on its wheels
  bool crashed = false;
  double crash_impact_speed_mps = 0;
  std::string crash_contact;  // name of the contact point that struck
  NavSummary nav;             // navigation errors (present when the aircraft has avionics)
  struct Link {
    bool present = false;     // the aircraft has avionics (and so a data link)
    int losses = 0;           // times the uplink was lost (event, range or radio horizon)
    double lost_s = 0;        // total time without it
    double max_range_km = 0;  // farthest slant range from the ground data terminal
  } link;
  // Flown by the autopilot:
  bool autopilot = false;
  TrackingSummary tracking;    // path tracking against truth
  TouchdownSummary touchdown;  // the first touchdown after the flight
  ApproachSummary approach;    // the final approach(es) against the glide path
  int go_arounds = 0;
  bool stopped = false;           // landed and stopped on the paved runway
  bool structure_strike = false;  // a non-wheel point (tail, wingtip, pod) touched the ground
  std::string mode, phase;        // the autopilot's mode and phase at the end
  // The mission at the end: the item being flown (0: not started; item_count + 1: complete),
  // navigation items completed (a DO_JUMP's repeats count each time), items in the mission.
  int mission_current = 0, mission_items_done = 0, mission_item_count = 0;
  bool mission_complete = false, mission_from_plan = false;
  // The staged failsafes: each stage change the autopilot announced, in order (kind: link, fuel,
  // engine, gnss, airspeed, fence; action: the governing FailsafeAction after it, to_string()),
  // and the governing action at the end.
  struct Failsafe {
    double time_s = 0;
    std::string kind, action, text;
  };
  std::vector<Failsafe> failsafes;
  std::string failsafe_action;
  std::optional<double> fuel_at_landing_kg;  // truth fuel when it came to rest (none: not landed)
  // Truth position at the end [m] north, east of home (the autopilot's local frame), and its
  // horizontal distance from home.
  double final_north_m = 0, final_east_m = 0, final_distance_from_home_m = 0;
  // With a termination action announced: the truth distance at the end from the flight
  // termination area (FS_TERM_N, FS_TERM_E) [m].
  std::optional<double> termination_distance_m;
  // The engine-out glide against the autopilot's prediction (GlidePrediction): the truth height
  // lost from the start height to the closest point of the first pass within 300 m of the
  // predicted target (the key point), and (actual - predicted) / actual. A diagnostic beside it:
  // the height the turbulence's vertical air motion gave the aircraft on the way (the integral of
  // its upward component, truth), and the error with that height put back into the loss: what
  // the prediction would have scored in an air mass without turbulence's mean vertical motion.
  struct Glide {
    bool present = false;  // the autopilot flew a glide with a prediction
    double start_time_s = 0, distance_m = 0, start_height_m = 0;
    double predicted_loss_m = 0;
    bool reached = false;  // came within 300 m of the target
    double closest_m = 0;  // the first pass's closest approach (reached only)
    double actual_loss_m = 0, error_fraction = 0;           // reached only
    double vertical_air_m = 0, airmass_error_fraction = 0;  // reached only
  } glide;
};

struct RunSummary {
  std::string scenario;
  uint64_t seed = 0;
  double sim_time_s = 0;
  double wall_time_s = 0;
  double realtime_factor = 0;
  RunOutcome outcome = RunOutcome::kCompleted;
  std::string error;  // outcome kError: what went wrong
  std::vector<AircraftSummary> aircraft;
  std::vector<std::string> events_fired;  // "t=12.000 s: <event name>"
};

// Run a scenario to one of its stop conditions. Never throws; failures give outcome kError.
RunSummary run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace kestrel
