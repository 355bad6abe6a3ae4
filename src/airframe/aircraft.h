// AircraftParams: everything the aircraft file (data/aircraft/<name>.yaml) says about one air
// vehicle, in SI units, validated once at load (aircraft_file.h) and constant afterwards.
//
// Positions on the airframe are in the structural body frame: axes body FRD (x forward, y right,
// z down), origin at the aircraft datum = the nose tip on the fuselage centre line. So points on
// the aircraft have x <= 0. The equations of motion act at the current centre of mass, which
// moves as fuel burns (mass.h).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "airframe/sensor_params.h"
#include "core/table.h"
#include "core/types.h"

namespace kestrel {

inline constexpr int kMaxFuelTanks = 4;
inline constexpr int kMaxContacts = 16;

struct GeometryParams {
  double wing_area_m2 = 0;  // reference area S
  double span_m = 0;        // reference span b
  double mac_m = 0;         // reference chord c (mean aerodynamic chord)
  double length_m = 0;      // overall length (the airframe spans x in [-length_m, 0])
  double height_m = 0;      // overall height (|z| <= height_m around the datum is considered
                            // "inside" for validation: the datum need not be at mid-height)
  Vec3 aero_ref_b_m = Vec3::Zero();  // aerodynamic moment reference point
};

struct FuelTankParams {
  std::string name;
  double capacity_kg = 0;            // usable fuel mass when full
  Vec3 position_b_m = Vec3::Zero();  // centroid of the fuel (treated as a point mass)
};

struct MassParams {
  double empty_mass_kg = 0;          // structure + engine + avionics, no fuel, no payload
  Vec3 empty_cg_b_m = Vec3::Zero();  // centre of mass of the empty aircraft
  // Inertia of the empty aircraft about its own CG, body axes. Products of inertia are the
  // integrals (Ixz = ∫ x z dm), so the tensor is [[Ixx,0,-Ixz],[0,Iyy,0],[-Ixz,0,Izz]].
  double ixx_kg_m2 = 0, iyy_kg_m2 = 0, izz_kg_m2 = 0, ixz_kg_m2 = 0;
  double max_takeoff_mass_kg = 0;            // MTOW, for validation of loadings
  double payload_max_kg = 0;                 // largest payload mass the bay takes
  Vec3 payload_position_b_m = Vec3::Zero();  // payload CG (point mass)
  std::vector<FuelTankParams> tanks;         // 1..kMaxFuelTanks
};

// Aerodynamic coefficient build-up about aero_ref_b_m. Angles in rad; rate derivatives are per
// non-dimensional rate (p b / 2V, q c / 2V, r b / 2V, alpha_dot c / 2V). Control derivatives are
// per rad of surface deflection, with the design.md §5 signs: elevator trailing edge down +,
// aileron right-up + (rolls right: Cl_da > 0), rudder TE left + (yaws left: Cn_dr < 0).
struct AeroParams {
  // Lift: CL = CL(alpha) [table through stall and post-stall] + CL_q q^ + CL_adot adot^
  //            + CL_de de + CL_df df
  Table1D cl_alpha;  // x: alpha [rad], y: CL
  double cl_q = 0, cl_alpha_dot = 0, cl_elevator = 0, cl_flap = 0;
  // Drag: either a table CD(alpha) or the polar CD0 + k CL^2, plus increments.
  bool drag_table = false;  // true: use cd_alpha; false: cd0 + k_induced * CL^2
  Table1D cd_alpha;         // x: alpha [rad], y: CD (if drag_table)
  double cd0 = 0, k_induced = 0;
  double cd_beta2 = 0;     // per rad^2 of beta
  double cd_elevator = 0;  // per rad of |de|
  double cd_flap = 0;      // per rad of flap
  // Side force.
  double cy_beta = 0, cy_p = 0, cy_r = 0, cy_aileron = 0, cy_rudder = 0;
  // Rolling moment (Cl).
  double croll_beta = 0, croll_p = 0, croll_r = 0, croll_aileron = 0, croll_rudder = 0;
  // Pitching moment: Cm = Cm(alpha) [table, includes Cm0 and the post-stall break] + ...
  Table1D cm_alpha;  // x: alpha [rad], y: Cm
  double cm_q = 0, cm_alpha_dot = 0, cm_elevator = 0, cm_flap = 0;
  // Yawing moment (Cn).
  double cn_beta = 0, cn_p = 0, cn_r = 0, cn_aileron = 0, cn_rudder = 0;
};

// Naturally aspirated piston engine driving a fixed-pitch propeller through a reduction drive.
struct EngineParams {
  std::string kind;                // "two_stroke" (informational)
  double max_power_w = 0;          // full-throttle brake power at rated rpm, sea level ISA
  double rated_rpm = 0;            // engine rpm at max power
  Table1D power_fraction_of_rpm;   // full-throttle power / max power vs engine rpm
  double idle_rpm = 0;             // engine rpm at closed throttle, static, sea level
  double max_rpm = 0;              // never-exceed engine rpm (fuel cut above)
  double idle_power_fraction = 0;  // power at closed throttle as a fraction of full-throttle power
  double lapse_b = 0.12;           // Gagg-Ferrar altitude lapse P/P0 = (sigma - b) / (1 - b)
  double friction_power_fraction = 0;  // motoring friction power at rated rpm / max power
  double bsfc_kg_per_j = 0;            // best brake-specific fuel consumption (file: g/kWh)
  Table1D bsfc_factor_of_power;        // BSFC multiplier vs power / max power (part-load penalty)
  double starter_torque_nm = 0;        // starter torque at the crankshaft while starting
  double start_rpm = 0;                // the engine fires above this crank rpm with ignition on
  double generator_power_w = 0;        // electrical load taken off the shaft
};

struct PropellerParams {
  double diameter_m = 0;
  Table1D ct_of_j;                     // thrust coefficient vs advance ratio J = V / (n D)
  Table1D cp_of_j;                     // power coefficient vs J
  double gear_ratio = 1;               // engine rpm / propeller rpm
  double inertia_kg_m2 = 0;            // engine + propeller, reflected to the propeller shaft
  Vec3 position_b_m = Vec3::Zero();    // hub position
  Vec3 thrust_axis_b = Vec3::UnitX();  // unit vector along which thrust acts (pusher: still +x)
  double rotation_sign = 1;            // +1: turns clockwise seen from behind (torque reaction
                                       // rolls the airframe left), -1: the opposite
};

// One actuator channel: first-order lag with rate and travel limits. Units of the channel:
// rad for surfaces and nosewheel, 0..1 for throttle and brakes.
struct ActuatorParams {
  double time_constant_s = 0.05;
  double rate_limit_per_s = 1e9;
  double min = 0, max = 0;
};

struct ActuatorSetParams {
  ActuatorParams elevator, aileron, rudder, flap, throttle, brake, nosewheel;
  bool has_flaps = false;
};

enum class ContactKind { kWheel, kStructure };
enum class BrakeGroup { kNone, kLeft, kRight };

// A ground contact point: a wheel on a spring-damper strut, or a structural point (wing tip,
// tail, propeller arc) whose touching the ground is a crash.
struct ContactParams {
  std::string name;
  ContactKind kind = ContactKind::kWheel;
  Vec3 position_b_m = Vec3::Zero();      // wheel bottom with the strut fully extended
  double spring_n_per_m = 0;             // strut stiffness
  double damping_n_s_per_m = 0;          // strut damping in compression
  double damping_rebound_n_s_per_m = 0;  // strut damping in extension
  double max_compression_m = 0;          // travel; beyond it the strut bottoms (a hard landing)
  double static_friction = 0;            // tyre friction coefficients (sliding onset, sliding)
  double dynamic_friction = 0;
  double rolling_friction = 0;             // rolling resistance coefficient (brakes off)
  double cornering_stiffness_per_rad = 0;  // lateral force / normal load per rad of slip
  BrakeGroup brake_group = BrakeGroup::kNone;
  double max_steer_rad = 0;  // 0: not steerable; nosewheel: steering travel
};

struct AircraftParams {
  std::string name;         // e.g. "searcher2"
  std::string description;  // one line for listings (optional in the file)
  std::string source_path;  // file it was loaded from (for messages)
  GeometryParams geometry;
  MassParams mass;
  AeroParams aero;
  EngineParams engine;
  PropellerParams propeller;
  ActuatorSetParams actuators;
  std::vector<ContactParams> contacts;  // 3..kMaxContacts, wheels first is not required
  SensorsParams sensors;                // avionics sensors (optional section; defaults in
                                        // sensor_params.h)
};

}  // namespace kestrel
