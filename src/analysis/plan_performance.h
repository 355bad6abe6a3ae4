// The aircraft's performance figures that the pre-flight plan check needs (fsw/plan_check.h's
// PlanPerformance), from trims of the full nonlinear model (trim.h, perf.h): for the zero-fuel and
// the take-off mass, on a grid of altitudes from sea level to above the service ceiling, the best
// full-throttle climb (rate, speed, fuel flow), the level-flight fuel flow at a grid of equivalent
// airspeeds, and the service ceiling. The plan check interpolates between them; the speeds, the
// bank limit and the loiter radius are the flight software's parameters, passed through.
//
// Layer: analysis (it runs the aircraft model) filling a flight-software structure, so that the
// flight software keeps its own check free of the simulator (design.md §3).
#pragma once

#include "airframe/vehicle.h"
#include "core/result.h"
#include "fsw/autopilot.h"
#include "fsw/plan_check.h"

namespace kestrel {

struct PlanPerformanceRequest {
  double payload_kg = 70;
  double fuel_kg = 100;  // at take-off: the heaviest mass of the tables
  // The flight software's parameters (PlanPerformance's fields of the same names).
  double cruise_eas_mps = 40, loiter_eas_mps = 35, min_eas_mps = 31, max_eas_mps = 50;
  double bank_max_rad = 0.5236, loiter_radius_m = 500, descent_rate_mps = 2;
  double altitude_step_m = 500;  // of the altitude grid, from 0 to above the lighter ceiling
  double speed_step_mps = 2;     // of the speed grid, from min_eas_mps to max_eas_mps
};

// Runs the trims (several hundred: about a second). Errors: a loading the aircraft cannot take,
// no stall speed or no positive climb at sea level (a broken aircraft model).
Result<PlanPerformance> plan_performance(const VehicleModel& m, const PlanPerformanceRequest& req);

// The request for an autopilot's own parameters (its speeds and loiter radius, the guidance's bank
// limit, TECS's descent rate) at this loading: what `kestrel plan check` and the upload check of a
// scenario's plan use.
PlanPerformanceRequest plan_performance_request(const AutopilotParams& ap,
                                                const PathGuidanceParams& guidance,
                                                const TecsParams& tecs, double payload_kg,
                                                double fuel_kg);

}  // namespace kestrel
