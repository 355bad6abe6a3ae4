// Trim: steady, straight, wings-level flight of the full nonlinear model (the same functions the
// simulation steps), solved by Newton iteration with a numerical Jacobian.
#pragma once

#include "airframe/vehicle.h"
#include "core/result.h"

namespace kestrel {

struct Loading {
  double fuel_kg = 0;
  double payload_kg = 0;
};

// The loading for a total mass: the default payload (70 kg, or what fits) and the fuel that makes
// up the rest, within the tank capacity. Returns an error when the mass cannot be reached.
Result<Loading> loading_for_mass(const AircraftParams& ac, double mass_kg);

struct TrimRequest {
  double airspeed_mps = 40;    // true airspeed
  double altitude_m = 3000;    // AMSL
  double flight_path_rad = 0;  // climb +; an output when engine_off or full_throttle
  bool engine_off = false;     // glide with the engine stopped (propeller windmilling)
  bool full_throttle = false;  // throttle fixed at 1: solve for the flight path (climb)
  Loading loading{100, 70};
  double lat_rad = 0, lon_rad = 0, heading_rad = 0;
};

struct TrimResult {
  bool converged = false;
  int iterations = 0;
  double residual = 0;  // norm of the scaled residual at the solution
  double alpha_rad = 0, beta_rad = 0, pitch_rad = 0, flight_path_rad = 0;
  double elevator_rad = 0, aileron_rad = 0, rudder_rad = 0, throttle = 0;
  double omega_prop_rad_s = 0, engine_rpm = 0;
  double shaft_power_w = 0, thrust_n = 0, drag_n = 0, lift_n = 0;
  double cl = 0, cd = 0, lift_to_drag = 0;
  double fuel_flow_kg_s = 0, mass_kg = 0;
  double climb_rate_mps = 0;  // V sin(gamma)
  VehicleState state;         // the trimmed state, ready to fly
  ControlInputs controls;     // the trimmed commands
};

TrimResult trim(const VehicleModel& m, const TrimRequest& req);

// The model in which trims and linearisations are solved: calm air (no wind, turbulence or
// gusts) and the ground at least 1000 m below `altitude_m`, so that no strut touches it.
VehicleModel free_flight_model(const VehicleModel& m, double altitude_m);

}  // namespace kestrel
