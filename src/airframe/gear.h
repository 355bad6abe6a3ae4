// Landing gear and ground contact: spring-damper struts with tyre friction at the wheels, and
// structural contact points whose touching the ground is a crash. The ground is the surface at
// a given height above the ellipsoid; within one physics step it is taken as the tangent plane
// at the step's start point (the curvature over the few metres an aircraft moves in a step is
// far below a micrometre).
#pragma once

#include <array>

#include "airframe/aircraft.h"

namespace kestrel {

struct GearInput {
  Mat3 R_ned_from_b;                       // attitude relative to the local NED at the step start
  Vec3 cg_offset_ned_m = Vec3::Zero();     // CG displacement since the step start, NED
  double cg_height_m = 0;                  // CG height above the ellipsoid at the step start
  double ground_height_m = 0;              // ground height above the ellipsoid
  Vec3 vel_ned_mps = Vec3::Zero();         // CG velocity relative to the ground, NED
  Vec3 omega_eb_b = Vec3::Zero();          // body rate relative to the earth, body axes
  Vec3 cg_b_m = Vec3::Zero();              // centre of mass, structural frame
  double brake_left = 0, brake_right = 0;  // 0..1
  double steer_rad = 0;                    // nosewheel position, right +
};

struct GearOutput {
  Vec3 force_b_n = Vec3::Zero();    // total ground force on the aircraft, body axes
  Vec3 moment_b_nm = Vec3::Zero();  // about the centre of mass
  std::array<double, kMaxContacts> normal_force_n{};  // per contact (>= 0)
  std::array<double, kMaxContacts> compression_m{};   // per contact (>= 0)
  int wheels_on_ground = 0;
  bool structure_contact = false;  // a non-wheel point touched the ground
  bool gear_bottomed = false;      // a strut went past its travel
  double impact_speed_mps = 0;     // speed of the worst structure/bottoming contact
  int worst_contact = -1;          // index of that contact
};

// Friction regularisation: below this sliding speed, friction force scales down linearly
// (v / sqrt(v^2 + v0^2)), so a parked aircraft neither jitters nor creeps measurably.
inline constexpr double kFrictionRegularisationMps = 0.02;
// Below this rolling speed, the lateral slip is formed with it instead (avoids 1/0).
inline constexpr double kMinRollingSpeedMps = 1.0;

// Ground force and moment about the CG; `detail` (optional) receives the per-contact state.
struct GearForces {
  Vec3 force_b_n = Vec3::Zero();
  Vec3 moment_b_nm = Vec3::Zero();
};
GearForces evaluate_gear(const std::vector<ContactParams>& contacts, const GearInput& in,
                         GearOutput* detail);

}  // namespace kestrel
