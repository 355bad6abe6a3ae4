// Open-loop flights from trim: scripted control increments over the trimmed controls, as users do
// to compare with flight-test data (`kestrel openloop`).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "airframe/vehicle.h"
#include "core/result.h"

namespace kestrel {

// Control increments over trim, linear between rows, held after the last row.
struct InputSchedule {
  std::vector<double> time_s, elevator_rad, aileron_rad, rudder_rad, throttle;
  bool empty() const { return time_s.empty(); }
  // Increments at time t (zeros for an empty schedule).
  void at(double t, double& de, double& da, double& dr, double& dthrottle) const;
};

// Parse a CSV with a header naming `time_s` and any of `elevator_deg`, `aileron_deg`,
// `rudder_deg`, `throttle`. Errors name the file, line and column.
Result<InputSchedule> parse_input_schedule(const std::string& text, const std::string& source);
Result<InputSchedule> load_input_schedule(const std::string& path);

struct OpenLoopSample {
  double time_s;
  VehicleTelemetry tel;
  double engine_rpm;
  double fuel_kg;
};

// Fly `duration_s` from `state` with `trim_controls` + schedule increments, calling `sample` at
// `output_rate_hz` (which must divide the physics rate). Stops early on a crash; returns the
// final state.
VehicleState fly_open_loop(const VehicleModel& m, VehicleState state,
                           const ControlInputs& trim_controls, const InputSchedule& schedule,
                           double duration_s, double output_rate_hz,
                           const std::function<void(const OpenLoopSample&)>& sample,
                           const std::function<void(double fraction)>& progress = {});

}  // namespace kestrel
