// Propulsion: a naturally aspirated piston engine driving a fixed-pitch propeller through a
// reduction drive. The propeller shaft speed is a state of the equations of motion (torque
// balance of engine, friction, starter and propeller absorbed torque on the rotor inertia).
#pragma once

#include "airframe/aircraft.h"

namespace kestrel {

struct EngineState {
  bool running = false;  // combustion on
  bool failed = false;   // failed engines do not start or run
};

struct PropulsionInput {
  double throttle = 0;       // throttle position 0..1 (after the actuator)
  bool ignition = true;      // ignition/fuel switch
  bool starter = false;      // starter engaged
  double rho_kg_m3 = 1.225;  // air density
  double sigma = 1.0;        // density ratio rho / rho_sl
  double inflow_mps = 0;     // air-relative velocity along the thrust axis
};

struct PropulsionOutput {
  double thrust_n = 0;               // along the thrust axis (negative when windmilling)
  double prop_torque_nm = 0;         // torque the air takes from the propeller (shaft)
  double engine_torque_prop_nm = 0;  // net engine torque delivered to the propeller shaft
  double shaft_power_w = 0;          // brake power delivered by the engine (>= 0)
  double fuel_flow_kg_s = 0;
  double rotor_accel_rad_s2 = 0;  // d(omega_prop)/dt
  double engine_rpm = 0;
  double advance_ratio = 0;
  double prop_efficiency = 0;  // T V / P_absorbed (0 when not meaningful)
};

// Evaluate the propulsion system at propeller shaft speed omega_prop [rad/s].
PropulsionOutput evaluate_propulsion(const EngineParams& e, const PropellerParams& pr,
                                     const EngineState& s, const PropulsionInput& in,
                                     double omega_prop_rad_s);

// Discrete engine logic once per step (start, stall, fuel exhaustion): updates `running`.
void update_engine_state(const EngineParams& e, const PropellerParams& pr, EngineState& s,
                         const PropulsionInput& in, double omega_prop_rad_s, bool has_fuel);

inline double engine_rpm_from_prop(const PropellerParams& pr, double omega_prop_rad_s) {
  return omega_prop_rad_s * pr.gear_ratio * 60.0 / (2 * 3.14159265358979323846);
}

}  // namespace kestrel
