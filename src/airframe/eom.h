// Equations of motion: a 6-DOF rigid body over the rotating WGS-84 earth.
//
// State (design.md §5): position of the centre of mass in ECEF [m, double], velocity relative to
// the earth in ECEF axes, attitude q_ecef_from_b, and the body angular rate relative to inertial
// space in body axes (the rate Euler's equations govern). In the rotating frame:
//   d(pos_e)/dt   = vel_e
//   d(vel_e)/dt   = R_e_b F_b / m + G(pos_e) - 2 W x vel_e - W x (W x pos_e)   (W = earth rate)
//   d(q_e_b)/dt   = 1/2 q_e_b ⊗ (omega_b - R_b_e W)
//   d(omega_b)/dt = I^-1 (M_b - omega_b x (I omega_b + h_b))                  (h = rotor momentum)
// With earth rotation switched off, W = 0 and ECEF is taken as inertial.
#pragma once

#include "core/geodesy.h"
#include "core/types.h"
#include "env/gravity.h"

namespace kestrel {

struct EarthModel {
  bool rotation = true;  // include the earth's rotation (Coriolis, centrifugal)
  double rotation_rate_rad_s = kWgs84OmegaEarth;
  GravityParams gravity;  // gravitation model (J2 by default)
  // 0: the WGS-84 ellipsoid; > 0: a sphere of this radius (NASA check cases 4 and 5), for the
  // altitude the atmosphere and ground see.
  double sphere_radius_m = 0;
};

struct RigidBodyState {
  Vec3 pos_ecef_m = Vec3::Zero();    // centre of mass, ECEF
  Vec3 vel_ecef_mps = Vec3::Zero();  // velocity relative to the earth, ECEF axes
  Quat q_ecef_from_b = Quat::Identity();
  Vec3 omega_b_rad_s = Vec3::Zero();  // angular rate relative to inertial space, body axes
};

struct RigidBodyDerivative {
  Vec3 pos_dot = Vec3::Zero();
  Vec3 vel_dot = Vec3::Zero();
  Eigen::Vector4d q_dot = Eigen::Vector4d::Zero();  // (w, x, y, z)
  Vec3 omega_dot = Vec3::Zero();
};

inline Vec3 earth_rate_ecef(const EarthModel& m) {
  return m.rotation ? Vec3(0, 0, m.rotation_rate_rad_s) : Vec3::Zero();
}

// Geodetic position (on the sphere when sphere_radius_m > 0: geocentric latitude, height above
// the sphere).
Geodetic earth_position(const EarthModel& m, const Vec3& pos_ecef_m);
// The same, and R_ned_from_ecef there (equal to R_ned_from_ecef(lat, lon) to rounding).
Geodetic earth_position(const EarthModel& m, const Vec3& pos_ecef_m, Mat3* R_ned_from_ecef_out);
Vec3 ecef_from_earth_position(const EarthModel& m, const Geodetic& g);

// Translational acceleration relative to the earth, ECEF axes, for a specific force f_e = F/m.
Vec3 translational_accel_ecef(const EarthModel& m, const Vec3& pos_e, const Vec3& vel_e,
                              const Vec3& specific_force_e);

RigidBodyDerivative rigid_body_derivative(const EarthModel& m, const RigidBodyState& s,
                                          const Mat3& R_e_b, const Vec3& force_b,
                                          const Vec3& moment_b, double mass_kg,
                                          const Mat3& inertia_b, const Mat3& inertia_inv_b,
                                          const Vec3& rotor_momentum_b);
// The same with the body rate relative to the earth, omega_eb_b(m, s, R_e_b), given (the caller
// has it already).
RigidBodyDerivative rigid_body_derivative(const EarthModel& m, const RigidBodyState& s,
                                          const Mat3& R_e_b, const Vec3& omega_eb_b_rad_s,
                                          const Vec3& force_b, const Vec3& moment_b,
                                          double mass_kg, const Mat3& inertia_b,
                                          const Mat3& inertia_inv_b, const Vec3& rotor_momentum_b);

// s + dt * d (for RK stages); the quaternion is not renormalised here.
RigidBodyState advance(const RigidBodyState& s, const RigidBodyDerivative& d, double dt);

// Classic RK4 combination s + dt/6 (k1 + 2 k2 + 2 k3 + k4), quaternion renormalised.
RigidBodyState rk4_combine(const RigidBodyState& s, const RigidBodyDerivative& k1,
                           const RigidBodyDerivative& k2, const RigidBodyDerivative& k3,
                           const RigidBodyDerivative& k4, double dt);

// Body rate relative to the earth (what a gyro minus earth rate sees; what aerodynamics and
// the attitude kinematics use).
inline Vec3 omega_eb_b(const EarthModel& m, const RigidBodyState& s, const Mat3& R_e_b) {
  return s.omega_b_rad_s - R_e_b.transpose() * earth_rate_ecef(m);
}

}  // namespace kestrel
