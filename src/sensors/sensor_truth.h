// SensorTruth: what the runner hands every sensor model at a sample instant (design.md §2: the
// simulator owns truth; the models turn it into what a real sensor would report). Written by the
// runner from the World's state; read only by src/sensors.
#pragma once

#include "core/geodesy.h"
#include "core/sim_time.h"
#include "core/types.h"

namespace kestrel {

struct SensorTruth {
  SimTime time;                               // sample instant
  Geodetic position;                          // centre of mass, WGS-84
  Vec3 vel_ned_mps = Vec3::Zero();            // CG velocity over the earth, local NED [m/s]
  Mat3 R_ned_from_b = Mat3::Identity();       // attitude: body FRD -> local NED
  Vec3 omega_eb_b_rad_s = Vec3::Zero();       // body rate relative to the earth, body [rad/s]
                                              // (the IMU adds the earth rate itself)
  Vec3 omega_dot_b_rad_s2 = Vec3::Zero();     // angular acceleration, body [rad/s^2] (may be 0)
  Vec3 specific_force_b_mps2 = Vec3::Zero();  // at the CG, what an accelerometer there reads,
                                              // body [m/s^2] (-g up at rest: (0, 0, -9.8))
  Vec3 air_vel_b_mps = Vec3::Zero();          // CG velocity relative to the air incl.
                                              // turbulence, body [m/s]
  double static_pressure_pa = 101325.0;       // ambient static pressure at the CG [Pa]
  double temperature_k = 288.15;              // ambient static temperature [K]
  double density_kg_m3 = 1.225;               // ambient density [kg/m^3]
  double prop_rpm = 0;                        // propeller speed [rev/min]
};

// True when every field is finite (models hold their last output and count otherwise).
bool truth_is_finite(const SensorTruth& t);

}  // namespace kestrel
