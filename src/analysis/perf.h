// Performance envelope of the full nonlinear model: stall, level speed, climb, ceilings, glide,
// endurance and range from trims (trim.h), and the take-off ground roll from a simulated run on
// the real gear model. Every figure comes from the same functions the simulation steps; nothing
// here uses a separate "performance model".
//
// Definitions (all in still ISA air, wings level, the loading of PerfRequest::mass_kg):
//  - Trim points are "usable" when the trim converged within the control limits and its angle of
//    attack is at or below the angle of CLmax of the lift table (alpha_clmax_rad): a trim on the
//    back of the lift curve is not a flyable steady state.
//  - Stall speed (1 g, clean, sea level): the lowest true airspeed at which an engine-off glide
//    (propeller windmilling) still trims with alpha <= alpha_clmax, by bisection. In that glide
//    the load factor normal to the path is cos(gamma) ~ 0.996 (gamma ~ -5 deg), i.e. 1 g within
//    0.4 %. The figure includes the lift lost to the nose-up elevator that trims CLmax, so it is a
//    few % above sqrt(2 W / (rho S CLmax_table)).
//  - At other altitudes and masses the stall speed is scaled from that one: EAS constant and
//    proportional to sqrt(mass). It serves only as the lower end of the speed searches.
//  - Climb: trims at full throttle (trim.h full_throttle) solve the flight path; the climb rate is
//    V sin(gamma), maximised over V by golden-section search. Max level speed: the fast root of
//    the full-throttle climb rate (throttle <= 1 reaches level flight up to there).
//  - Ceilings: bisection on altitude of the maximum climb rate (0.5 m/s service, 0 absolute).
//  - L/D max: the aerodynamic CL/CD of level trims at sea level, maximised over V. Glide: engine
//    off, windmilling propeller; the best glide ratio is 1 / tan(-gamma) maximised over V.
//  - Endurance and range at PerfRequest::altitude_m: level trims; fuel flow minimised (endurance)
//    or V / fuel flow maximised (range) over V at several masses from the loading's fuel down to
//    zero fuel, then integrated over the fuel burnt with Simpson's rule (no reserve, still air).
//  - Take-off: sea level ISA, full throttle, see TakeoffResult.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/trim.h"

namespace kestrel {

struct PerfRequest {
  double mass_kg = 450;                    // take-off / start mass (loading_for_mass)
  double altitude_m = 3000;                // AMSL, for endurance and range
  double service_ceiling_climb_mps = 0.5;  // climb rate that defines the service ceiling
  int fuel_points = 7;                     // masses for the endurance/range integral (odd, >= 3)
  bool takeoff = true;                     // run the take-off simulation
};

// Simulated take-off run: make_parked_state at sea level, engine running at its static
// full-throttle propeller speed, brakes released at t = 0, nosewheel steering + rudder hold the
// centreline, ailerons hold the wings level, elevator neutral until the airspeed reaches
// rotate_speed_mps, then a pitch-attitude controller takes the pitch towards kTakeoffPitchRad.
// Ground roll: horizontal distance of the CG from brake release until no wheel touches the ground.
struct TakeoffResult {
  bool ok = false;  // lifted off without a crash within the time limit
  double ground_roll_m = 0;
  double liftoff_speed_mps = 0;  // true airspeed at lift-off
  double liftoff_time_s = 0;     // from brake release
  double rotate_speed_mps = 0;   // 1.1 x stall speed
  double max_pitch_rad = 0;      // highest pitch attitude on the ground (tail clearance)
  double static_thrust_n = 0;    // thrust at brake release
};
inline constexpr double kTakeoffPitchRad = 9.0 * kPi / 180.0;

struct PerfResult {
  std::vector<std::string> problems;  // figures that could not be found (empty: all found)
  double mass_kg = 0;
  Loading loading;
  double alpha_clmax_rad = 0;      // angle of CLmax of the lift table
  double stall_speed_mps = 0;      // 1 g, clean, sea level, TAS (= EAS)
  double stall_cl = 0;             // trimmed CL at the stall speed
  double max_level_speed_mps = 0;  // sea level, throttle <= 1
  double max_climb_rate_mps = 0;   // sea level, full throttle
  double best_climb_speed_mps = 0;
  double service_ceiling_m = 0;           // max climb rate = service_ceiling_climb_mps
  double absolute_ceiling_m = 0;          // max climb rate = 0
  double lift_to_drag_max = 0;            // aerodynamic CL/CD
  double lift_to_drag_max_speed_mps = 0;  // sea level TAS where it occurs
  double best_glide_speed_mps = 0;        // sea level TAS, engine off
  double glide_ratio_max = 0;             // distance / height lost, engine off, windmilling
  double best_endurance_speed_mps = 0;    // at altitude_m, start mass, TAS
  double min_fuel_flow_kg_s = 0;          // there
  double endurance_s = 0;                 // start fuel to zero fuel at the best-endurance speeds
  double best_range_speed_mps = 0;        // at altitude_m, start mass, TAS
  double range_m = 0;                     // still air, start fuel to zero fuel
  TakeoffResult takeoff;
  int trims = 0;  // trims run (cost)
};

// The whole envelope. Does not print; problems lists what failed.
PerfResult compute_performance(const VehicleModel& m, const PerfRequest& req);

// Building blocks (also used by the tests).

// Angle of attack at the maximum of the lift table [rad].
double alpha_at_clmax_rad(const AeroParams& aero);

// Stall speed as defined above at an altitude, by bisection to tol_mps. Returns 0 if even
// 80 m/s does not trim.
double stall_speed_mps(const VehicleModel& m, const Loading& loading, double altitude_m,
                       double tol_mps = 0.01);

// Altitude [m] (ISA, AMSL) at which the best full-throttle climb rate falls to climb_rate_mps
// (0.5: the service ceiling, 0: the absolute ceiling), by bisection to 2 m as in
// compute_performance(); stall_speed_sl_mps (stall_speed_mps() at sea level and this loading)
// bounds the speed search. None when it lies above 20,000 m.
std::optional<double> ceiling_m(const VehicleModel& m, const Loading& loading,
                                double stall_speed_sl_mps, double climb_rate_mps);

struct ClimbPoint {
  bool valid = false;
  double airspeed_mps = 0;
  double climb_rate_mps = 0;  // V sin(gamma); negative when full throttle cannot hold level
};
// Best full-throttle climb over V in [v_min, v_max] (golden section to tol_mps).
ClimbPoint best_climb(const VehicleModel& m, const Loading& loading, double altitude_m,
                      double v_min_mps, double v_max_mps, double tol_mps = 0.02);

// Take-off run at the loading (sea level ISA, calm). stall_speed_mps as from stall_speed_mps().
TakeoffResult simulate_takeoff(const VehicleModel& m, const Loading& loading,
                               double stall_speed_mps);

}  // namespace kestrel
