#include "sensors/sensor_truth.h"

#include <cmath>

namespace kestrel {

bool truth_is_finite(const SensorTruth& t) {
  // 0 * x is 0 for a finite x and NaN for an infinite or NaN one, so the sum of the zeros is 0
  // exactly when every field is finite (no overflow can make a finite sum infinite). Branch-free:
  // a third of the instructions of a test per field, once per IMU sample.
  const double z = 0.0 * t.position.lat_rad + 0.0 * t.position.lon_rad +
                   0.0 * t.position.height_ellipsoid_m + (0.0 * t.vel_ned_mps).sum() +
                   (0.0 * t.R_ned_from_b).sum() + (0.0 * t.omega_eb_b_rad_s).sum() +
                   (0.0 * t.omega_dot_b_rad_s2).sum() + (0.0 * t.specific_force_b_mps2).sum() +
                   (0.0 * t.air_vel_b_mps).sum() + 0.0 * t.static_pressure_pa +
                   0.0 * t.temperature_k + 0.0 * t.density_kg_m3 + 0.0 * t.prop_rpm;
  return z == 0.0;
}

}  // namespace kestrel
