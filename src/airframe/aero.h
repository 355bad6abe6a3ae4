// Aerodynamics: body-axis forces and moments from a coefficient build-up (aircraft.h AeroParams).
#pragma once

#include <cmath>

#include "airframe/aircraft.h"

namespace kestrel {

struct AeroInput {
  double qbar_pa = 0;       // dynamic pressure 1/2 rho V^2
  double airspeed_mps = 0;  // true airspeed V (air-relative speed of the CG)
  double alpha_rad = 0;     // angle of attack
  double beta_rad = 0;      // sideslip
  // cos/sin of alpha and beta (the caller has them from the velocity components without trig).
  double cos_alpha = 1, sin_alpha = 0, cos_beta = 1, sin_beta = 0;
  Vec3 omega_air_b = Vec3::Zero();  // body rates relative to the air mass (p, q, r) [rad/s]
  double elevator_rad = 0, aileron_rad = 0, rudder_rad = 0, flap_rad = 0;  // surface positions
};

// Set alpha and beta and their cosines and sines (for callers outside the hot path).
inline void set_aero_angles(AeroInput& in, double alpha_rad, double beta_rad) {
  in.alpha_rad = alpha_rad;
  in.beta_rad = beta_rad;
  in.cos_alpha = std::cos(alpha_rad);
  in.sin_alpha = std::sin(alpha_rad);
  in.cos_beta = std::cos(beta_rad);
  in.sin_beta = std::sin(beta_rad);
}

struct AeroCoefficients {
  double cl = 0, cd = 0, cy = 0;     // lift, drag (wind axes), side force (body)
  double croll = 0, cm = 0, cn = 0;  // rolling, pitching, yawing moment (body, about ref point)
  double cl_alpha_dot = 0, cm_alpha_dot = 0;  // per rad/s of alpha_dot, dimensional factor applied
};

struct AeroOutput {
  Vec3 force_b_n = Vec3::Zero();    // total aerodynamic force, body axes
  Vec3 moment_b_nm = Vec3::Zero();  // moment about the centre of mass, body axes
  // Force and moment per rad/s of alpha_dot (the alpha_dot terms are added once alpha_dot is
  // known from the translational acceleration; see vehicle.cc).
  Vec3 force_per_alpha_dot_b = Vec3::Zero();
  Vec3 moment_per_alpha_dot_b = Vec3::Zero();
  AeroCoefficients coeff;
};

// Below this airspeed the non-dimensional rates are formed with it instead (avoids 1/V).
inline constexpr double kAeroMinAirspeedMps = 1.0;

AeroOutput evaluate_aero(const AeroParams& p, const GeometryParams& g, const AeroInput& in,
                         const Vec3& cg_b_m);

}  // namespace kestrel
