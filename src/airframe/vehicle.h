// The air vehicle: airframe models wired to the environment and the equations of motion, stepped
// with RK4 at a fixed rate (default 400 Hz; the World flies at 100 Hz and sub-steps at 400 Hz
// near the ground, see VehicleModel::ground_substep). This file is the one place where a reader sees the
// whole physics loop (style.md habit 7): environment once per step, then per RK4 stage
// aerodynamics + propulsion + gear -> forces -> 6-DOF derivatives.
//
// Per-step versus per-stage: the air data (atmosphere at the CG height), the steady wind, the
// turbulence and gust samples, the mass properties, the actuator positions and the local NED
// frame are evaluated once per step at its start; everything that moves within a step (attitude,
// velocities, rates, contact heights, propeller speed, gravitation) is evaluated in every stage.
// Over one 10 ms step the CG height changes by centimetres, far below what the first group
// resolves.
#pragma once

#include <vector>

#include "airframe/actuators.h"
#include "airframe/aero.h"
#include "airframe/aircraft.h"
#include "airframe/eom.h"
#include "airframe/gear.h"
#include "airframe/mass.h"
#include "airframe/propulsion.h"
#include "core/rng.h"
#include "core/rotation.h"
#include "core/sim_time.h"
#include "env/atmosphere.h"
#include "env/gust.h"
#include "env/turbulence.h"
#include "env/wind.h"

namespace kestrel {

struct EnvironmentParams {
  AtmosphereParams atmosphere;
  WindParams wind;
  TurbulenceLevel turbulence = TurbulenceLevel::kNone;
  std::vector<Gust> gusts;
  double ground_height_m = 0;  // flat terrain height above the ellipsoid (= AMSL: no geoid yet)
};

struct VehicleModel {
  AircraftParams aircraft;
  EnvironmentParams environment;
  EarthModel earth;
  SimTime step = SimTime::period_of_hz(400);  // physics step
  // Longest RK4 step while a gear contact can reach the ground: a step longer than this is split
  // into equal sub-steps no longer than it when the gear may touch (the stiff struts and tyre
  // friction need it), and taken whole in flight. Decided from the state at the step's start,
  // so it is deterministic. The sensors see the step's mean specific force either way.
  SimTime ground_substep = SimTime::period_of_hz(400);
};

// Everything that changes during a flight. Plain data; copyable (a run is a value).
struct VehicleState {
  SimTime time;
  RigidBodyState body;
  double omega_prop_rad_s = 0;  // propeller shaft speed
  ActuatorState actuators;
  EngineState engine;
  FuelArray fuel_kg{};
  double payload_kg = 0;
  TurbulenceState turbulence;
  Rng turbulence_rng{0};
  // Latched outcome flags.
  bool crashed = false;
  double crash_impact_speed_mps = 0;
  int crash_contact = -1;  // index into AircraftParams::contacts, -1 if none
  // Integrals for reports and checks.
  double fuel_burnt_kg = 0;
  // What an IMU at the CG senses over the last step: the specific force averaged with the RK4
  // weights (the step's mean), and the mean angular acceleration (body axes). Written by
  // step_vehicle for the sensor models.
  Vec3 step_specific_force_b_mps2 = Vec3::Zero();
  Vec3 step_omega_dot_b_rad_s2 = Vec3::Zero();
  // Mass properties of the last recomputation and the loading they were computed for (the CG and
  // inertia are recomputed once a gram of fuel has burnt; the mass is exact every step).
  MassProperties mass_cache;
  double mass_cache_fuel_kg = -1, mass_cache_payload_kg = -1;
  double mass_cache_contact_reach_m = 0;  // [m] from that CG to the farthest contact point
  // The actuators' lag gains and rate steps for the last step length (recomputed when it
  // changes: ground sub-steps).
  ActuatorStepFactors actuator_factors;
};

// What one step reports (evaluated at the state at the start of the step).
struct VehicleTelemetry {
  double time_s = 0;
  Geodetic position;                     // CG, geodetic
  Vec3 vel_ned_mps = Vec3::Zero();       // relative to the earth
  Vec3 accel_b_mps2 = Vec3::Zero();      // specific force (what an accelerometer at the CG reads)
  Euler euler;                           // attitude relative to local NED
  Mat3 R_ned_from_b = Mat3::Identity();  // the same attitude as a rotation matrix
  Vec3 omega_eb_b_rad_s = Vec3::Zero();  // body rates relative to the earth (p, q, r)
  double alpha_rad = 0, beta_rad = 0, alpha_dot_rad_s = 0;
  double tas_mps = 0, eas_mps = 0, mach = 0, qbar_pa = 0;
  Vec3 air_vel_b_mps = Vec3::Zero();  // air-relative velocity of the CG, body axes
  AirData air;
  Vec3 wind_ned_mps = Vec3::Zero();  // steady wind + gusts (air mass velocity)
  Vec3 turbulence_b_mps = Vec3::Zero();
  Vec3 turbulence_omega_b_rad_s = Vec3::Zero();
  AeroOutput aero;
  PropulsionOutput propulsion;
  GearOutput gear;
  bool engine_running = false;
  double fuel_kg = 0, mass_kg = 0;
  Vec3 cg_b_m = Vec3::Zero();
  ActuatorState actuators;
  Vec3 force_b_n = Vec3::Zero();    // total external force except gravity, body axes
  Vec3 moment_b_nm = Vec3::Zero();  // total moment about the CG, body axes
};

// Per-step context: everything evaluated once per step (see the file comment).
struct StepContext {
  Geodetic position;
  Mat3 R_ned_from_ecef;
  Vec3 pos0_ecef_m;
  AirData air;
  double sigma = 1;
  Vec3 wind_ned_mps = Vec3::Zero();
  Vec3 wind_ecef_mps = Vec3::Zero();  // the same wind in ECEF axes
  TurbulenceOutput turbulence;
  MassProperties mass;
  ActuatorState actuators;
  EngineState engine;
  ControlInputs controls;
  bool gear_near_ground = true;  // false: no contact point can reach the ground in this step
};

struct StageState {
  RigidBodyState body;
  double omega_prop_rad_s = 0;
};

struct StageDerivative {
  RigidBodyDerivative body;
  double omega_prop_dot = 0;
  double fuel_flow_kg_s = 0;
  Vec3 specific_force_b_mps2 = Vec3::Zero();  // non-gravitational force / mass at this stage
};

// Build the per-step context at the state's current time (draws the turbulence for this step).
void prepare_step(const VehicleModel& m, VehicleState& s, const ControlInputs& u, StepContext& ctx);

// The derivative of the continuous state at one RK4 stage; fills telemetry when tel != nullptr.
// gear_out (optional) receives the ground contact state.
void evaluate_derivative(const VehicleModel& m, const StepContext& ctx, const StageState& x,
                         StageDerivative& d, VehicleTelemetry* tel, GearOutput* gear_out = nullptr);

// A strut bottoming at more than this sink rate breaks the gear: a crash.
inline constexpr double kGearCollapseSinkRateMps = 3.0;

// Advance one physics step (m.step), in sub-steps of at most m.ground_substep when the gear may
// touch the ground. Returns the telemetry of the state at the step's start.
void step_vehicle(const VehicleModel& m, VehicleState& s, const ControlInputs& u,
                  VehicleTelemetry* tel = nullptr);

// Initial states. Heading and angles in rad.
struct AirborneInit {
  Geodetic position;
  double heading_rad = 0;
  double airspeed_mps = 40;  // true airspeed along the body x axis (no wind)
  double flight_path_rad = 0;
  double alpha_rad = 0;
  double fuel_kg = 0;
  double payload_kg = 0;
  double omega_prop_rad_s = 0;
  bool engine_running = true;
};
VehicleState make_airborne_state(const VehicleModel& m, const AirborneInit& init,
                                 const ControlInputs& u, uint64_t seed);

// Parked on the ground at `position` (height = ground height), brakes on, engine off, settled
// into its static equilibrium on the struts.
VehicleState make_parked_state(const VehicleModel& m, double lat_rad, double lon_rad,
                               double heading_rad, double fuel_kg, double payload_kg,
                               uint64_t seed);

}  // namespace kestrel
