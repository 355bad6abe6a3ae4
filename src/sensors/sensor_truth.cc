#include "sensors/sensor_truth.h"

#include <cmath>

namespace kestrel {

bool truth_is_finite(const SensorTruth& t) {
  // 0 * x is 0 for a finite x and NaN for an infinite or NaN one, so the sum of the zeros is 0
  // exactly when every field is finite (no overflow can make a finite sum infinite), whatever the
  // order of the sum. Branch-free, once per sensor sample. The values in memory order, summed in
  // two interleaved chains: the compiler loads and multiplies them in pairs (57 instructions
  // instead of 95 for the sums per vector).
  const double v[] = {t.position.lat_rad,
                      t.position.lon_rad,
                      t.position.height_ellipsoid_m,
                      t.vel_ned_mps.x(),
                      t.vel_ned_mps.y(),
                      t.vel_ned_mps.z(),
                      t.R_ned_from_b(0),
                      t.R_ned_from_b(1),
                      t.R_ned_from_b(2),
                      t.R_ned_from_b(3),
                      t.R_ned_from_b(4),
                      t.R_ned_from_b(5),
                      t.R_ned_from_b(6),
                      t.R_ned_from_b(7),
                      t.R_ned_from_b(8),
                      t.omega_eb_b_rad_s.x(),
                      t.omega_eb_b_rad_s.y(),
                      t.omega_eb_b_rad_s.z(),
                      t.omega_dot_b_rad_s2.x(),
                      t.omega_dot_b_rad_s2.y(),
                      t.omega_dot_b_rad_s2.z(),
                      t.specific_force_b_mps2.x(),
                      t.specific_force_b_mps2.y(),
                      t.specific_force_b_mps2.z(),
                      t.air_vel_b_mps.x(),
                      t.air_vel_b_mps.y(),
                      t.air_vel_b_mps.z(),
                      t.static_pressure_pa,
                      t.temperature_k,
                      t.density_kg_m3,
                      t.prop_rpm};
  constexpr int n = sizeof v / sizeof v[0];
  double a = 0, b = 0;
  for (int i = 0; i + 1 < n; i += 2) {
    a += 0.0 * v[i];
    b += 0.0 * v[i + 1];
  }
  if (n % 2 != 0) a += 0.0 * v[n - 1];
  return a + b == 0.0;
}

}  // namespace kestrel
